import type { ApiErrorEntry } from '../errors.js';
import { camelCaseKeys, toDate } from '../wire-convert.js';
import type { ErrorJSON, VerificationJSON } from '../wire.js';

/** Verification statuses of spec §6.2. */
export const VERIFICATION_STATUSES = ['unverified', 'verified', 'failed', 'expired', 'transferable'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

function toErrorEntry(json: ErrorJSON | null | undefined): ApiErrorEntry | null {
  if (!json || typeof json.code !== 'string') return null;
  const message = json.message ?? '';
  return {
    code: json.code,
    message,
    longMessage: json.long_message || message,
    meta: json.meta ? camelCaseKeys(json.meta) : {},
  };
}

/**
 * The state of one factor's verification (spec §6.2). A sign-in without a prepared factor holds
 * an empty one (`status: null`, `strategy: null`), as the SignIn object reference describes.
 */
export class Verification {
  /** `null` for the empty verification; unknown wire statuses also read as `null`. */
  readonly status: VerificationStatus | null;
  readonly strategy: string | null;
  /** Failed plus successful attempts so far. */
  readonly attempts: number | null;
  readonly expireAt: Date | null;
  /** Passkey request options as a JSON string (§11.5). */
  readonly nonce: string | null;
  /** The Web3 message to sign (§11.4). */
  readonly message: string | null;
  readonly externalVerificationRedirectUrl: string | null;
  /** Why the verification failed or is transferable, camelCased like thrown errors. */
  readonly error: ApiErrorEntry | null;
  readonly verifiedAtClient: string | null;
  readonly channel: string | null;

  private constructor(json: VerificationJSON | null) {
    const status = json?.status ?? null;
    this.status = (VERIFICATION_STATUSES as readonly (string | null)[]).includes(status) ? (status as VerificationStatus) : null;
    this.strategy = json?.strategy ?? null;
    this.attempts = json?.attempts ?? null;
    this.expireAt = toDate(json?.expire_at);
    this.nonce = json?.nonce ?? null;
    this.message = json?.message ?? null;
    this.externalVerificationRedirectUrl = json?.external_verification_redirect_url ?? null;
    this.error = toErrorEntry(json?.error);
    this.verifiedAtClient = json?.verified_at_client ?? null;
    this.channel = json?.channel ?? null;
  }

  /** `null`/missing builds the empty verification. */
  static fromJSON(json: VerificationJSON | null | undefined): Verification {
    return new Verification(json ?? null);
  }
}
