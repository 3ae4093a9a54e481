/**
 * FT-9, FT-19: the store and the throttling state (rate limiter, lockout, send and probe limits)
 * are dependencies. When one of them fails, the request fails closed with 503
 * `service_unavailable`: it is never answered from half a state, never runs unthrottled, and
 * never leaks the dependency's message. Recovery needs no restart: every call tries again.
 */
import type { Clock } from './clock.js';
import { ApiError } from './errors.js';
import { DuplicateIdentifierError } from './store.js';

export type DependencyName = 'store' | 'rate_limit' | 'lockout' | 'send_throttle' | 'probe_limit';

/** A dependency failed; the dispatcher answers 503 and logs `cause` (never sent to the client). */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: DependencyName,
    cause: unknown,
  ) {
    super(`${dependency} unavailable`, { cause });
    this.name = 'DependencyUnavailableError';
  }
}

/** How long a dependency failure seen by a request keeps `GET /health` degraded without a later success. */
export const FAILURE_MEMORY_MS = 30_000;

/**
 * What requests saw of each dependency, per operation: the health endpoint's view of the ones it
 * cannot query. Per operation, because a limiter whose reads work but whose writes fail is down.
 */
export class DependencyHealth {
  /** dependency → operation → when its last call failed, or null when it last worked. */
  private readonly last = new Map<DependencyName, Map<string, number | null>>();

  constructor(private readonly clock: Clock) {}

  private operations(name: DependencyName): Map<string, number | null> {
    let ops = this.last.get(name);
    if (!ops) this.last.set(name, (ops = new Map()));
    return ops;
  }

  ok(name: DependencyName, operation: string): void {
    this.operations(name).set(operation, null);
  }

  failed(name: DependencyName, operation: string): void {
    this.operations(name).set(operation, this.clock.now());
  }

  /** Forgets every outcome (test harness reset). */
  reset(): void {
    this.last.clear();
  }

  /** Degraded when an operation's last call failed, within FAILURE_MEMORY_MS. */
  degraded(name: DependencyName): boolean {
    const now = this.clock.now();
    return [...(this.last.get(name)?.values() ?? [])].some((at) => at !== null && now - at < FAILURE_MEMORY_MS);
  }
}

/** Outcomes a dependency reports on purpose (429, a taken identifier): it is working. */
const isAnswer = (err: unknown) => err instanceof ApiError || err instanceof DuplicateIdentifierError;

/**
 * `target` with every method guarded: an error it throws (or a promise it rejects with) becomes a
 * DependencyUnavailableError named `name`, except deliberate answers (ApiError,
 * DuplicateIdentifierError) and an inner dependency's own DependencyUnavailableError (passed on
 * as it is, e.g. the lockout's store). Properties that are not functions are returned unguarded.
 */
export function guardDependency<T extends object>(name: DependencyName, target: T, health: DependencyHealth): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function') return value;
      const operation = String(prop);
      const fail = (err: unknown): never => {
        if (isAnswer(err)) {
          health.ok(name, operation);
          throw err;
        }
        if (err instanceof DependencyUnavailableError) throw err;
        health.failed(name, operation);
        throw new DependencyUnavailableError(name, err);
      };
      const succeed = <V>(result: V): V => {
        health.ok(name, operation);
        return result;
      };
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = value.apply(obj, args);
        } catch (err) {
          return fail(err);
        }
        return result instanceof Promise ? result.then(succeed, fail) : succeed(result);
      };
    },
  });
}
