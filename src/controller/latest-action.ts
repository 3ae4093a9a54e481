/**
 * One sequence of user actions: starting one aborts the one in flight, and only the latest may
 * apply its result (style.md §7). Ids only grow; `cancel()` invalidates without starting.
 */
export class LatestAction {
  #id = 0;
  #abort: AbortController | null = null;

  /** Aborts the action in flight and starts a new one. */
  start(): { readonly id: number; readonly signal: AbortSignal } {
    this.cancel();
    this.#abort = new AbortController();
    return { id: this.#id, signal: this.#abort.signal };
  }

  /** Whether `id` is still the latest action (and was not cancelled). */
  isLatest(id: number): boolean {
    return id === this.#id && this.#abort !== null;
  }

  /** The id the next `isLatest` check compares against. */
  get current(): number {
    return this.#id;
  }

  /** Aborts the action in flight, if any; its result will be dropped. */
  cancel(): void {
    this.#id += 1;
    this.#abort?.abort();
    this.#abort = null;
  }
}
