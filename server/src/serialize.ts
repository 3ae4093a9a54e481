/** Wire JSON for users, sessions, sign-ins and clients (§6). Keys snake_case, times in ms. */
import type { App, RequestContext } from './context.js';
import { activeSessions, factorVerificationAge, mintToken, sessionExpiresAt } from './auth/sessions.js';
import { decoyUser, isDecoySignIn, strictEnumeration, visibleFirstFactors } from './auth/decoy.js';
import { defaultSecondFactorPhone } from './strategies/code.js';
import { firstFactorStrategies, hasSecondFactor, secondFactorPurpose, secondFactorStrategies, supportedSecondFactors, type UserBundle } from './strategies/index.js';
import type { ClientRecord, SessionRecord, SignInRecord, VerificationRecord } from './store.js';

export async function loadUser(app: Pick<App, 'store'>, userId: string | null): Promise<UserBundle | null> {
  if (!userId) return null;
  const user = await app.store.getUser(userId);
  if (!user) return null;
  const [identifiers, totp, backup] = await Promise.all([app.store.listIdentifiers(userId), app.store.getTotp(userId), app.store.listBackupCodes(userId)]);
  return { user, identifiers, mfa: { totp: totp !== null, backupCodes: backup.length } };
}

/** The account a sign-in is for: the real one, a decoy (strict mode, RL-8), or null. */
export async function signInUser(app: App, si: SignInRecord): Promise<UserBundle | null> {
  if (si.userId) return loadUser(app, si.userId);
  return isDecoySignIn(app, si) ? decoyUser(app, si.identifier!) : null;
}

export function userJson(app: Pick<App, 'config'>, bundle: UserBundle): Record<string, unknown> {
  const { user, identifiers, mfa } = bundle;
  const emails = identifiers.filter((i) => i.kind === 'email_address');
  const phones = identifiers.filter((i) => i.kind === 'phone_number');
  const defaultPhone = defaultSecondFactorPhone(bundle);
  const verification = (v: boolean) => (v ? { status: 'verified', strategy: 'admin', attempts: null, expire_at: null } : null);
  return {
    object: 'user',
    id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    username: user.username,
    image_url: '',
    has_image: false,
    primary_email_address_id: (emails.find((e) => e.primary) ?? emails[0])?.id ?? null,
    primary_phone_number_id: (phones.find((p) => p.primary) ?? phones[0])?.id ?? null,
    primary_web3_wallet_id: null,
    password_enabled: !!user.passwordHash && user.failedAttempts < app.config.lockout.disableThreshold,
    two_factor_enabled: hasSecondFactor(bundle),
    totp_enabled: mfa.totp,
    backup_code_enabled: mfa.backupCodes > 0,
    email_addresses: emails.map((e) => ({
      object: 'email_address',
      id: e.id,
      email_address: e.value,
      verification: verification(e.verified),
      linked_to: [],
    })),
    phone_numbers: phones.map((p) => ({
      object: 'phone_number',
      id: p.id,
      phone_number: p.value,
      reserved_for_second_factor: p.reservedForSecondFactor,
      default_second_factor: defaultPhone?.id === p.id,
      verification: verification(p.verified),
      linked_to: [],
    })),
    web3_wallets: [],
    external_accounts: [],
    enterprise_accounts: [],
    passkeys: [],
    organization_memberships: [],
    public_metadata: {},
    unsafe_metadata: {},
    last_sign_in_at: user.lastSignInAt,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

function verificationJson(v: VerificationRecord | null, objectName: string | undefined): Record<string, unknown> | null {
  if (!v) return null;
  return {
    object: objectName ?? 'verification',
    status: v.status,
    strategy: v.strategy,
    attempts: v.attempts,
    expire_at: v.expireAt,
    error: v.error,
    nonce: null,
    message: null,
    external_verification_redirect_url: null,
    verified_at_client: null,
    ...(typeof v.data.channel === 'string' ? { channel: v.data.channel } : {}),
  };
}

function publicUserData(b: UserBundle, identifier: string | null): Record<string, unknown> {
  return {
    first_name: b.user.firstName,
    last_name: b.user.lastName,
    image_url: '',
    has_image: false,
    identifier: identifier ?? b.identifiers[0]?.value ?? b.user.username ?? '',
    user_id: b.user.id,
  };
}

export function sessionJson(ctx: RequestContext, s: SessionRecord, user: UserBundle | null): Record<string, unknown> {
  const { app } = ctx;
  return {
    object: 'session',
    id: s.id,
    status: s.status,
    expire_at: sessionExpiresAt(app, s),
    abandon_at: s.expireAt,
    last_active_at: s.lastActiveAt,
    last_active_organization_id: null,
    last_active_token: s.status === 'active' ? { object: 'token', jwt: mintToken(app, s, ctx.origin) } : null,
    actor: null,
    tasks: null,
    factor_verification_age: factorVerificationAge(app, s),
    user: user ? userJson(app, user) : null,
    public_user_data: user ? publicUserData(user, null) : null,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

export async function signInJson(ctx: RequestContext, si: SignInRecord): Promise<Record<string, unknown>> {
  const { app } = ctx;
  const user = await signInUser(app, si);
  const beforeFirst = si.status === 'needs_identifier' || si.status === 'needs_first_factor';
  const firstFactors = user && si.status !== 'needs_identifier' ? visibleFirstFactors(app, user, si) : null;
  // Strict mode (RL-8): no names before the first factor, as a decoy has none.
  const named = !(beforeFirst && strictEnumeration(app));
  const showSecond = si.status === 'needs_second_factor' || si.status === 'needs_client_trust';
  const secondFactors = user && !beforeFirst ? supportedSecondFactors(app, user, showSecond ? secondFactorPurpose(si) : 'second') : null;
  let trust: string | null = 'pending';
  if (user) trust = (await app.store.isClientTrusted(si.clientId, user.user.id, si.createdAt)) ? 'known' : 'new';
  const ff = si.firstFactorVerification;
  const sf = si.secondFactorVerification;
  return {
    object: 'sign_in_attempt',
    id: si.id,
    status: si.status,
    supported_identifiers: ['email_address', 'phone_number', 'username'],
    identifier: si.identifier,
    user_data: user ? { first_name: named ? user.user.firstName : null, last_name: named ? user.user.lastName : null, image_url: '', has_image: false } : null,
    supported_first_factors: firstFactors,
    supported_second_factors: secondFactors && secondFactors.length ? secondFactors : null,
    first_factor_verification: verificationJson(ff, ff ? firstFactorStrategies.get(ff.strategy)?.verificationObject : undefined),
    second_factor_verification: verificationJson(sf, sf ? secondFactorStrategies.get(sf.strategy)?.verificationObject : undefined),
    created_session_id: si.createdSessionId,
    abandon_at: si.abandonAt,
    client_trust_state: trust,
    protect_check: null,
    created_at: si.createdAt,
    updated_at: si.updatedAt,
  };
}

export async function clientJson(ctx: RequestContext, client: ClientRecord): Promise<Record<string, unknown>> {
  const { app } = ctx;
  const sessions = await activeSessions(app, client.id);
  const sessionsJson = [];
  for (const s of sessions) sessionsJson.push(sessionJson(ctx, s, await loadUser(app, s.userId)));
  const signIn = client.signInId ? await app.store.getSignIn(client.signInId) : null;
  const lastActive = sessions.some((s) => s.id === client.lastActiveSessionId) ? client.lastActiveSessionId : null;
  return {
    object: 'client',
    id: client.id,
    sessions: sessionsJson,
    sign_in: signIn ? await signInJson(ctx, signIn) : null,
    sign_up: null,
    last_active_session_id: lastActive,
    last_authentication_strategy: client.lastAuthenticationStrategy,
    cookie_expires_at: null,
    captcha_bypass: false,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}
