import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Counts down to the controller's `retryAt` (from `Retry-After` or a lockout) and re-renders its
 * host once a second until the wait is over, so the UI can block submits and say how long is left.
 */
export class RetryCountdown implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #retryAt: () => number | null;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, retryAt: () => number | null) {
    this.#host = host;
    this.#retryAt = retryAt;
    host.addController(this);
  }

  /** Whole seconds left, 0 when there is no wait. */
  get secondsLeft(): number {
    const at = this.#retryAt();
    return at === null ? 0 : Math.max(0, Math.ceil((at - Date.now()) / 1000));
  }

  get waiting(): boolean {
    return this.secondsLeft > 0;
  }

  hostUpdated(): void {
    if (this.waiting && this.#timer === undefined) {
      this.#timer = setInterval(() => {
        if (!this.waiting) this.#stop();
        this.#host.requestUpdate();
      }, 1000);
    }
  }

  hostDisconnected(): void {
    this.#stop();
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** `45 seconds`, `1 minute 5 seconds`, `2 hours` — for "try again in …". */
export function formatWait(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return plural(seconds, 'second');
  if (seconds < 3600) {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    return rest ? `${plural(minutes, 'minute')} ${plural(rest, 'second')}` : plural(minutes, 'minute');
  }
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  return minutes ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}` : plural(hours, 'hour');
}
