import type { IdentifierKind, LookupKind } from '../store.js';

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
const USERNAME = /^[\p{L}\p{N}_.-]{3,64}$/u;

/** Lower-cased, NFC, trimmed (RL-5: spelling variants share one account). */
export const normalizeEmail = (email: string) => email.trim().normalize('NFC').toLowerCase();

/** E.164: "+" and 7–15 digits; spaces, dots, dashes and parentheses are dropped. */
export function normalizePhone(phone: string): string | null {
  const compact = phone.trim().replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
}

export const normalizeUsername = (username: string) => username.trim().normalize('NFC').toLowerCase();

export const isValidEmail = (email: string) => email.length <= 320 && EMAIL.test(email.trim());
export const isValidUsername = (username: string) => USERNAME.test(username.trim());

/** Classifies what the user typed into the identifier field. */
export function classifyIdentifier(identifier: string): { kind: LookupKind; normalized: string } | null {
  const trimmed = identifier.trim();
  if (trimmed.includes('@')) return isValidEmail(trimmed) ? { kind: 'email_address', normalized: normalizeEmail(trimmed) } : null;
  if (/^\+?[\d\s().-]+$/.test(trimmed)) {
    const phone = normalizePhone(trimmed.startsWith('+') ? trimmed : `+${trimmed}`);
    return phone ? { kind: 'phone_number', normalized: phone } : null;
  }
  return isValidUsername(trimmed) ? { kind: 'username', normalized: normalizeUsername(trimmed) } : null;
}

/** `n*****@example.com` */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}${'*'.repeat(Math.max(local.length - 1, 1))}@${domain}`;
}

/** `+1********00`, `+30********90`: country code (1 digit for +1 / +7, else 2) and the last two digits. */
export function maskPhone(phone: string): string {
  const keep = /^\+[17]/.test(phone) ? 2 : 3;
  return phone.length <= keep + 2 ? phone : `${phone.slice(0, keep)}${'*'.repeat(phone.length - keep - 2)}${phone.slice(-2)}`;
}

export const identifierKinds: readonly IdentifierKind[] = ['email_address', 'phone_number'];
