import type { ReactiveControllerHost } from 'lit';
import { SignInError } from '../../core/errors.js';
import { SignInErrorEvent } from '../../controller/events.js';

/** What the new-password step's chunk exports (`signin-flow.new-password-step.ts`). */
export type NewPasswordStepModule = typeof import('./signin-flow.new-password-step.js');

/** Imports the new-password step; rejects when its chunk cannot be fetched. */
export type NewPasswordStepImporter = () => Promise<NewPasswordStepModule>;

/**
 * The bundled chunk. The one-file CDN build inlines it (`inlineDynamicImports`), so there this
 * resolves at once.
 */
export const importNewPasswordStep: NewPasswordStepImporter = () => import('./signin-flow.new-password-step.js');

/** Where a lazily loaded step stands: `idle` until something asks for it. */
export type LazyStepStatus = 'idle' | 'loading' | 'ready' | 'failed';

/**
 * Loads a rarely used step's chunk on first use or ahead of it (preload), once. A failed import is
 * retried once; after that the step is `failed` with `step_unavailable` until `load()` runs again
 * (the card's "Try again", or entering the step). The host re-renders on every change.
 */
export class LazyStep<T> {
  status: LazyStepStatus = 'idle';
  /** Set while `failed`: the `step_unavailable` error, with the import's rejection as `cause`. */
  error: SignInError | null = null;
  readonly #host: ReactiveControllerHost;
  readonly #importer: () => () => Promise<T>;
  readonly #ready: (module: T) => void;
  #loading: Promise<void> | null = null;

  /** `importer` is read on each load, so a test may swap it before the first one. */
  constructor(host: ReactiveControllerHost, importer: () => () => Promise<T>, ready: (module: T) => void) {
    this.#host = host;
    this.#importer = importer;
    this.#ready = ready;
  }

  /** Starts loading unless loaded or already loading (then joins that load); resolves once settled. Never rejects. */
  load(): Promise<void> {
    if (this.status === 'ready') return Promise.resolve();
    if (this.#loading) return this.#loading;
    const importer = this.#importer();
    this.#set('loading', null);
    this.#loading = importer()
      .catch(() => importer())
      .then(
        (module) => {
          this.#ready(module);
          this.#set('ready', null);
        },
        (cause: unknown) => {
          const message = "This step couldn't be loaded. Check your connection and try again.";
          this.#set('failed', new SignInError('step_unavailable', message, { cause }));
        },
      )
      .finally(() => {
        this.#loading = null;
      });
    return this.#loading;
  }

  #set(status: LazyStepStatus, error: SignInError | null): void {
    this.status = status;
    this.error = error;
    this.#host.requestUpdate();
  }
}

/** Tells the page (`signin-error`) that the step on screen could not be loaded. */
export function reportStepUnavailable(host: EventTarget, error: SignInError): void {
  host.dispatchEvent(new SignInErrorEvent(error));
}
