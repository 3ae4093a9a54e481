import { Client } from './resources/client.js';
import type { Session } from './resources/session.js';
import { applySignInJSON, type SignIn } from './resources/sign-in.js';
import { TokenCache } from './token-cache.js';
import type { ClientJSON, SignInJSON } from './wire.js';

/**
 * The client-side state one `FrontendApi` shares (client, current sign-in, active session,
 * tokens) and the stale-response guard: every request that may change it takes a ticket from
 * `begin()`, and its result is applied only if no later ticket has been applied already.
 */
export class ClientState {
  readonly tokens = new TokenCache();
  readonly #listeners = new Set<() => void>();
  readonly #makeSignIn: (json: SignInJSON | null) => SignIn;
  #issued = 0;
  #applied = 0;
  #client: Client | null = null;
  #signIn: SignIn;
  #activeSessionId: string | null = null;

  constructor(makeSignIn: (json: SignInJSON | null) => SignIn) {
    this.#makeSignIn = makeSignIn;
    this.#signIn = makeSignIn(null);
  }

  get client(): Client | null { return this.#client; }
  get signIn(): SignIn { return this.#signIn; }

  /** The active session while it is listed and signed in (`active`/`pending`). */
  get session(): Session | null {
    const session = this.#activeSessionId ? this.#client?.session(this.#activeSessionId) : null;
    return session?.signedIn ? session : null;
  }

  /** A new ticket, in request order. */
  begin(): number {
    return (this.#issued += 1);
  }

  /** Runs `change` and notifies when `ticket` is newer than the last applied one. */
  commit(ticket: number, change: () => void): boolean {
    if (ticket <= this.#applied) return false;
    this.#applied = ticket;
    change();
    this.notify();
    return true;
  }

  /**
   * Replaces the client (§5). The current sign-in follows `client.sign_in`: `target` (just
   * updated from the response) when the ids match, the same object updated in place when the id
   * is the current one's, else a new object. Seeds tokens from `last_active_token`s and drops
   * the active session when it is no longer signed in.
   */
  applyClient(json: ClientJSON, target?: SignIn): void {
    this.#client = Client.fromJSON(json);
    const signIn = json.sign_in ?? null;
    if (target && signIn?.id === target.id) this.#signIn = target;
    else if (signIn && signIn.id === this.#signIn.id) applySignInJSON(this.#signIn, signIn);
    else if (signIn || this.#signIn.id !== undefined) this.#signIn = this.#makeSignIn(signIn);
    for (const session of this.#client.sessions) {
      if (session.lastActiveToken) this.tokens.set(session.id, session.lastActiveToken, true);
    }
    if (this.#activeSessionId && !this.session) this.activate(null);
  }

  /** No client at all (`GET /client` answered `response: null`). */
  clearClient(): void {
    this.#client = null;
    if (this.#signIn.id !== undefined) this.#signIn = this.#makeSignIn(null);
    this.activate(null);
  }

  /** A sign-in response came without a piggybacked client: `target` becomes the current sign-in. */
  adoptSignIn(target: SignIn): void {
    this.#signIn = target;
  }

  /** Makes `sessionId` the active session (or none), dropping the old one's cached token. */
  activate(sessionId: string | null): void {
    if (this.#activeSessionId && this.#activeSessionId !== sessionId) this.tokens.delete(this.#activeSessionId);
    this.#activeSessionId = sessionId;
    if (sessionId === null) this.tokens.clear();
  }

  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
