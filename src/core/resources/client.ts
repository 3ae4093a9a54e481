import { toDate } from '../wire-convert.js';
import type { ClientJSON } from '../wire.js';
import { Session } from './session.js';

/**
 * The browser's client (spec §6.4): its sessions and which one was active last. The current
 * sign-in is not held here but on `FrontendApi.signIn`, which keeps one stable `SignIn` object
 * per sign-in id across piggybacked clients.
 */
export class Client {
  readonly id: string;
  readonly sessions: readonly Session[];
  /** Id of the client's current sign-in, or `null`. */
  readonly signInId: string | null;
  readonly lastActiveSessionId: string | null;
  readonly lastAuthenticationStrategy: string | null;
  readonly cookieExpiresAt: Date | null;
  readonly createdAt: Date | null;
  readonly updatedAt: Date | null;

  private constructor(json: ClientJSON) {
    this.id = json.id;
    this.sessions = Object.freeze((json.sessions ?? []).map((session) => Session.fromJSON(session)));
    this.signInId = json.sign_in?.id ?? null;
    this.lastActiveSessionId = json.last_active_session_id ?? null;
    this.lastAuthenticationStrategy = json.last_authentication_strategy ?? null;
    this.cookieExpiresAt = toDate(json.cookie_expires_at);
    this.createdAt = toDate(json.created_at);
    this.updatedAt = toDate(json.updated_at);
  }

  static fromJSON(json: ClientJSON): Client {
    return new Client(json);
  }

  /** The listed session with this id, signed in or not. */
  session(id: string): Session | null {
    return this.sessions.find((session) => session.id === id) ?? null;
  }
}
