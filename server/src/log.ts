/**
 * Structured JSON-lines logger for authentication events (LOG-1). Callers pass only
 * non-secret fields; `redact` is a second line of defence for LOG-2.
 */
export interface Logger {
  event(name: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEYS = /pass(word)?|code|token|jwt|secret|cookie|authorization|signature|nonce/i;

function redact(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields ?? {})) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : v;
  return out;
}

export function createLogger(options: { enabled: boolean; now: () => number; write?: (line: string) => void }): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const emit = (level: string, key: 'event' | 'msg', name: string, fields?: Record<string, unknown>) => {
    if (!options.enabled) return;
    write(JSON.stringify({ time: new Date(options.now()).toISOString(), level, [key]: name, ...redact(fields) }));
  };
  return {
    event: (name, fields) => emit('info', 'event', name, fields),
    info: (message, fields) => emit('info', 'msg', message, fields),
    error: (message, fields) => emit('error', 'msg', message, fields),
  };
}
