import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SignInController, SignInControllerState } from '../controller/sign-in-controller.js';

/**
 * Re-renders its host whenever the sign-in controller's state changes. Context alone notifies
 * only when the provided object changes identity, and ours never does.
 *
 * The controller may arrive late (a provider upgrading after its children), so the getter is
 * read on every update and the subscription follows it.
 */
export class SignInStateController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #getController: () => SignInController | undefined;
  #subscribed: SignInController | undefined;
  #unsubscribe: (() => void) | undefined;
  #connected = false;

  constructor(host: ReactiveControllerHost, getController: () => SignInController | undefined) {
    this.#host = host;
    this.#getController = getController;
    host.addController(this);
  }

  /** The current state, or `undefined` while there is no controller. */
  get state(): SignInControllerState | undefined {
    return this.#getController()?.state;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#follow();
  }

  hostUpdate(): void {
    this.#follow();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#subscribed = undefined;
  }

  #follow(): void {
    const controller = this.#connected ? this.#getController() : undefined;
    if (controller === this.#subscribed) return;
    this.#unsubscribe?.();
    this.#subscribed = controller;
    this.#unsubscribe = controller?.subscribe(() => this.#host.requestUpdate());
    if (controller) this.#host.requestUpdate();
  }
}
