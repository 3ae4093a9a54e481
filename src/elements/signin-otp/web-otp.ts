/**
 * The WebOTP API: where the browser supports it (Chrome on Android), it reads the code from an SMS
 * bound to this origin (`@example.com #123456` as the message's last line) after the person allows
 * it. Elsewhere this does nothing, and `autocomplete="one-time-code"` still lets the platform offer
 * the code. Returns the function that stops listening.
 */
export function listenForSmsCode(onCode: (code: string) => void): () => void {
  if (typeof window === 'undefined' || !('OTPCredential' in window) || !navigator.credentials?.get) return () => {};
  const abort = new AbortController();
  const options = { otp: { transport: ['sms'] }, signal: abort.signal } as CredentialRequestOptions;
  navigator.credentials
    .get(options)
    .then((credential) => {
      const code = (credential as (Credential & { code?: unknown }) | null)?.code;
      if (!abort.signal.aborted && typeof code === 'string' && code) onCode(code);
    })
    // Declined, timed out, aborted, or not allowed in this frame: the person types the code instead.
    .catch(() => {});
  return () => abort.abort();
}
