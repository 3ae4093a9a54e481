/**
 * Email and SMS one-time codes (§11.2, §11.8, OTP-1…OTP-9): `email_code`, `phone_code`,
 * `reset_password_email_code`, `reset_password_phone_code`. A code is bound to its sign-in,
 * strategy and destination, stored only as a keyed hash, and expires after OTP_TTL_SECONDS.
 * Attempt counting, expiry and burning are in auth/code-attempts.ts.
 */
import { classifyIdentifier, maskEmail, maskPhone } from '../auth/identifiers.js';
import type { App } from '../context.js';
import { equalHashes, generateCode, hashCode } from '../crypto/otp.js';
import { DeliveryError } from '../delivery/index.js';
import { codeMessage, noAccountNotice, type CodePurpose } from '../delivery/messages.js';
import { errors } from '../errors.js';
import { smsCountryAllowed } from '../security/send-throttle.js';
import { optBool, optString, reqString } from '../http.js';
import type { IdentifierKind, IdentifierRecord, SignInRecord, VerificationRecord } from '../store.js';
import type { Factor, FactorPurpose, FactorStrategy, UserBundle } from './types.js';

interface CodeSpec {
  strategy: string;
  kind: IdentifierKind;
  resetsPassword: boolean;
  amr: string;
}

const channelOf = (kind: IdentifierKind): 'email' | 'sms' => (kind === 'email_address' ? 'email' : 'sms');
const idParam = (kind: IdentifierKind) => (kind === 'email_address' ? 'email_address_id' : 'phone_number_id');

/** Verified destinations of `kind` usable for `purpose` (OTP-9: phones must be verified). Primary first. */
export function destinations(app: App, user: UserBundle, kind: IdentifierKind, purpose: FactorPurpose): IdentifierRecord[] {
  if (!app.delivery.canSend(channelOf(kind))) return [];
  const list = user.identifiers.filter((i) => i.kind === kind && i.verified);
  const eligible = purpose === 'second' ? list.filter((i) => kind === 'phone_number' && i.reservedForSecondFactor) : list;
  return [...eligible].sort((a, b) => Number(b.primary) - Number(a.primary));
}

/** The default SMS second-factor number: the primary reserved one, else the first reserved. */
export function defaultSecondFactorPhone(user: UserBundle): IdentifierRecord | undefined {
  const reserved = user.identifiers.filter((i) => i.kind === 'phone_number' && i.verified && i.reservedForSecondFactor);
  return reserved.find((i) => i.primary) ?? reserved[0];
}

function pickDestination(app: App, spec: CodeSpec, user: UserBundle, purpose: FactorPurpose, si: SignInRecord, body: Record<string, unknown>): IdentifierRecord {
  const options = destinations(app, user, spec.kind, purpose);
  const param = idParam(spec.kind);
  const id = optString(body, param, 100);
  if (id !== undefined) {
    const found = options.find((i) => i.id === id);
    if (!found) throw errors.paramValue(param, `${param} does not belong to this account or cannot receive codes.`);
    return found;
  }
  if (spec.kind === 'phone_number' && (purpose === 'second' || optBool(body, 'default'))) {
    const def = defaultSecondFactorPhone(user);
    if (def && options.some((o) => o.id === def.id)) return def;
  }
  const typed = si.identifier ? classifyIdentifier(si.identifier) : null;
  const matching = typed && options.find((i) => typed.kind === spec.kind && i.normalized === typed.normalized);
  const chosen = matching ?? options[0];
  if (!chosen) throw errors.strategyForUserInvalid();
  return chosen;
}

function messagePurpose(spec: CodeSpec, purpose: FactorPurpose): CodePurpose {
  if (spec.resetsPassword) return 'reset_password';
  return purpose === 'first' ? 'sign_in' : purpose === 'trust' ? 'verify_device' : 'second_factor';
}

function codeStrategy(spec: CodeSpec): FactorStrategy {
  const isPhone = spec.kind === 'phone_number';
  return {
    strategy: spec.strategy,
    verificationObject: 'verification_otp',
    amr: spec.amr,
    countsForLockout: true,
    preparedCode: true,
    resetsPassword: spec.resetsPassword,

    factors(app, user, purpose) {
      if (spec.resetsPassword ? purpose !== 'first' : spec.kind === 'email_address' && purpose === 'second') return [];
      const def = defaultSecondFactorPhone(user);
      return destinations(app, user, spec.kind, purpose).map((i): Factor => {
        const f: Factor = { strategy: spec.strategy, safe_identifier: isPhone ? maskPhone(i.value) : maskEmail(i.value), [idParam(spec.kind)]: i.id, primary: i.primary };
        if (isPhone && !spec.resetsPassword) Object.assign(f, { default: def?.id === i.id, channel: 'sms' });
        return f;
      });
    },

    async prepare({ ctx, signIn, user, body, purpose }): Promise<VerificationRecord> {
      const { app } = ctx;
      const destination = pickDestination(app, spec, user, purpose, signIn, body);
      const smsChannel = isPhone ? optString(body, 'channel', 20) ?? 'sms' : undefined;
      if (smsChannel !== undefined && smsChannel !== 'sms' && smsChannel !== 'whatsapp') throw errors.paramValue('channel', 'channel must be sms or whatsapp.');
      // OTP-8: only configured countries receive SMS; nothing is counted or sent otherwise.
      if (isPhone && !smsCountryAllowed(app.config.delivery, destination.normalized)) throw errors.smsCountryNotAllowed();
      // A locked account gets no codes, except to reset its password (RL-4).
      if (!spec.resetsPassword) app.lockout.check(user.user);
      const release = app.sendThrottle.reserve(destination.normalized, ctx.ip, channelOf(spec.kind));
      const code = generateCode();
      const message = codeMessage({
        channel: channelOf(spec.kind),
        to: destination.value,
        code,
        purpose: messagePurpose(spec, purpose),
        appName: app.config.applicationName,
        minutes: Math.round(app.config.otp.ttlSeconds / 60),
        publicHost: new URL(app.publicUrl).host,
        smsChannel: smsChannel as 'sms' | 'whatsapp' | undefined,
      });
      const logFields = { sign_in_id: signIn.id, user_id: user.user.id, strategy: spec.strategy, identifier_id: destination.id, transport: app.delivery.describe(message.channel), ip: ctx.ip };
      try {
        // RL-8 decoy: the code goes nowhere. An e-mail address gets a "no account" notice instead
        // (same transport, so delays and failures look alike); an SMS is never sent to a number
        // without an account (cost, SMS pumping).
        if (!user.decoy) await app.delivery.send(message);
        else if (!isPhone) await app.delivery.send(noAccountNotice({ to: destination.value, purpose: messagePurpose(spec, purpose), appName: app.config.applicationName }));
      } catch (err) {
        release(); // not treated as sent: resend allowed at once (FT-10)
        app.log.event('code.delivery_failed', { ...logFields, reason: err instanceof DeliveryError ? err.message : 'error' });
        throw errors.deliveryFailed();
      }
      app.log.event(user.decoy ? 'code.decoy' : 'code.sent', logFields);
      const now = app.clock.now();
      const data: Record<string, unknown> = { codeHash: hashCode(app.codeKey, { signInId: signIn.id, strategy: spec.strategy, identifierId: destination.id }, code), identifierId: destination.id };
      if (smsChannel) data.channel = smsChannel;
      return { strategy: spec.strategy, status: 'unverified', attempts: 0, expireAt: now + app.config.otp.ttlSeconds * 1000, error: null, verifiedAt: null, data };
    },

    parse({ ctx, signIn, user, body, purpose }) {
      const code = reqString(body, 'code', 64).replace(/\s+/g, '');
      return async () => {
        const v = purpose === 'first' ? signIn.firstFactorVerification : signIn.secondFactorVerification;
        const identifierId = String(v?.data.identifierId ?? '');
        // OTP-4: the destination must still belong to the account and be usable.
        if (!destinations(ctx.app, user, spec.kind, purpose).some((i) => i.id === identifierId)) {
          return { ok: false, error: errors.verificationFailed('The address this code was sent to has changed. Request a new code.') };
        }
        const expected = String(v?.data.codeHash ?? '');
        const actual = hashCode(ctx.app.codeKey, { signInId: signIn.id, strategy: spec.strategy, identifierId }, code);
        // A decoy's code was never sent to anyone (RL-8): no code matches.
        return !user.decoy && expected && equalHashes(expected, actual) ? { ok: true } : { ok: false, error: errors.codeIncorrect() };
      };
    },
  };
}

export const emailCodeStrategy = codeStrategy({ strategy: 'email_code', kind: 'email_address', resetsPassword: false, amr: 'email' });
export const phoneCodeStrategy = codeStrategy({ strategy: 'phone_code', kind: 'phone_number', resetsPassword: false, amr: 'sms' });
export const resetPasswordEmailCodeStrategy = codeStrategy({ strategy: 'reset_password_email_code', kind: 'email_address', resetsPassword: true, amr: 'email' });
export const resetPasswordPhoneCodeStrategy = codeStrategy({ strategy: 'reset_password_phone_code', kind: 'phone_number', resetsPassword: true, amr: 'sms' });
