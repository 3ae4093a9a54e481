#!/usr/bin/env node
/**
 * PW-11 / RL-8 timing benchmark (a script, not a test): one-step sign-in attempts for an unknown
 * identifier vs a known one with a wrong password, against the built reference server
 * (server/dist) started in-process with an in-memory database and production scrypt cost.
 * Prints median / p95 latency of each and their ratio; exits 1 when the medians differ by more
 * than 10 %.
 *
 *   npm run build:server && npm run bench:enumeration [-- --count 200 --mode both|parity|strict --log-n 15]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '10' },
    mode: { type: 'string', default: 'both' },
    'log-n': { type: 'string', default: '15' },
    tolerance: { type: 'string', default: '0.10' },
  },
});
const COUNT = Number(values.count);
const WARMUP = Number(values.warmup);
const LOG_N = Number(values['log-n']);
const TOLERANCE = Number(values.tolerance);
const MODES = values.mode === 'both' ? ['parity', 'strict'] : [values.mode];
if (!MODES.every((m) => m === 'parity' || m === 'strict') || !(COUNT > 0) || !(LOG_N > 0)) {
  console.error('usage: bench-enumeration.mjs [--count N] [--warmup N] [--mode both|parity|strict] [--log-n 15] [--tolerance 0.10]');
  process.exit(2);
}

let server;
try {
  server = await import('../server/dist/src/index.js');
} catch {
  console.error('server/dist is missing: run `npm run build:server` first.');
  process.exit(2);
}

const KNOWN = { email: 'bench.known@example.com', password: 'the-right-passphrase-2026' };
const UNKNOWN = 'bench.ghost@example.com';
const WRONG = 'a-wrong-guess-passphrase';

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (x) => `${x.toFixed(2)} ms`;

async function bench(mode) {
  const srv = await server.startServer({
    config: {
      enumeration: { mode, probeMax: 0 },
      password: { scryptLogN: LOG_N },
      // Nothing may short-circuit an attempt: no per-IP limits, no lockout waits within the run.
      rateLimit: { createMax: 0, attemptMax: 0 },
      lockout: { freeFailures: 99_999, threshold: 100_000, disableThreshold: 1_000_000 },
    },
  });
  try {
    await srv.createUser({ emailAddresses: [KNOWN.email], password: KNOWN.password });
    const attempt = async (identifier) => {
      const started = performance.now();
      const res = await fetch(`${srv.url}/v1/client/sign_ins`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin' },
        body: new URLSearchParams({ identifier, password: WRONG }),
      });
      const body = await res.json();
      return { ms: performance.now() - started, outcome: `${res.status} ${body.errors?.[0]?.code ?? body.response?.status}` };
    };
    for (let i = 0; i < WARMUP; i++) {
      await attempt(UNKNOWN);
      await attempt(KNOWN.email);
    }
    const runs = { unknown: [], known: [] };
    const outcomes = { unknown: new Set(), known: new Set() };
    for (let i = 0; i < COUNT; i++) {
      // Alternate, so drift (GC, thermal, other processes) hits both series alike.
      for (const [kind, identifier] of i % 2 ? [['unknown', UNKNOWN], ['known', KNOWN.email]] : [['known', KNOWN.email], ['unknown', UNKNOWN]]) {
        const r = await attempt(identifier);
        runs[kind].push(r.ms);
        outcomes[kind].add(r.outcome);
      }
    }
    const stats = {};
    for (const kind of ['unknown', 'known']) {
      const sorted = [...runs[kind]].sort((a, b) => a - b);
      stats[kind] = { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), outcomes: [...outcomes[kind]] };
    }
    const ratio = stats.unknown.median / stats.known.median;
    return { mode, stats, ratio, ok: Math.abs(ratio - 1) <= TOLERANCE };
  } finally {
    await srv.close();
  }
}

console.log(`PW-11 enumeration timing: ${COUNT} attempts each, scrypt ln=${LOG_N}, tolerance ±${(TOLERANCE * 100).toFixed(0)} % on the median`);
let failed = false;
for (const mode of MODES) {
  const { stats, ratio, ok } = await bench(mode);
  console.log(`\n[${mode}]`);
  for (const kind of ['unknown', 'known']) {
    const s = stats[kind];
    console.log(`  ${kind.padEnd(7)} median ${ms(s.median).padStart(10)}  p95 ${ms(s.p95).padStart(10)}  responses: ${s.outcomes.join(', ')}`);
  }
  console.log(`  median ratio unknown/known ${ratio.toFixed(3)} → ${ok ? 'ok' : 'FAIL'}`);
  if (!ok) failed = true;
}
process.exit(failed ? 1 : 0);
