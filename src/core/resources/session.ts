import { toDate } from '../wire-convert.js';
import type { PublicUserDataJSON, SessionJSON } from '../wire.js';
import { User } from './user.js';

/** Session statuses of spec §6.5; `active` and `pending` count as signed in. */
export const SESSION_STATUSES = ['active', 'pending', 'ended', 'expired', 'removed', 'abandoned', 'replaced', 'revoked'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface PublicUserData {
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly imageUrl: string | null;
  readonly hasImage: boolean;
  readonly identifier: string | null;
  readonly userId: string | null;
}

function publicUserDataFromJSON(json: PublicUserDataJSON | null | undefined): PublicUserData | null {
  if (!json) return null;
  return Object.freeze({
    firstName: json.first_name ?? null,
    lastName: json.last_name ?? null,
    imageUrl: json.image_url ?? null,
    hasImage: json.has_image ?? false,
    identifier: json.identifier ?? null,
    userId: json.user_id ?? null,
  });
}

/** One session of the client (spec §6.5). */
export class Session {
  readonly id: string;
  /** Unknown wire statuses read as `ended` (i.e. not signed in). */
  readonly status: SessionStatus;
  readonly expireAt: Date | null;
  readonly abandonAt: Date | null;
  readonly lastActiveAt: Date | null;
  readonly createdAt: Date | null;
  readonly updatedAt: Date | null;
  /** The session JWT the server minted last; seeds the token cache (§12.3). */
  readonly lastActiveToken: string | null;
  readonly lastActiveOrganizationId: string | null;
  /** `[first, second]` factor ages in minutes; `-1` = never. */
  readonly factorVerificationAge: readonly [number, number] | null;
  readonly tasks: readonly { readonly key: string }[];
  readonly user: User | null;
  readonly publicUserData: PublicUserData | null;

  private constructor(json: SessionJSON) {
    this.id = json.id;
    this.status = (SESSION_STATUSES as readonly string[]).includes(json.status) ? (json.status as SessionStatus) : 'ended';
    this.expireAt = toDate(json.expire_at);
    this.abandonAt = toDate(json.abandon_at);
    this.lastActiveAt = toDate(json.last_active_at);
    this.createdAt = toDate(json.created_at);
    this.updatedAt = toDate(json.updated_at);
    this.lastActiveToken = typeof json.last_active_token?.jwt === 'string' ? json.last_active_token.jwt : null;
    this.lastActiveOrganizationId = json.last_active_organization_id ?? null;
    this.factorVerificationAge = json.factor_verification_age ? Object.freeze([...json.factor_verification_age] as [number, number]) : null;
    this.tasks = Object.freeze((json.tasks ?? []).map((task) => Object.freeze({ key: task.key })));
    this.user = json.user ? User.fromJSON(json.user) : null;
    this.publicUserData = publicUserDataFromJSON(json.public_user_data);
  }

  static fromJSON(json: SessionJSON): Session {
    return new Session(json);
  }

  /** `active` or `pending` (spec §6.4). */
  get signedIn(): boolean {
    return this.status === 'active' || this.status === 'pending';
  }
}
