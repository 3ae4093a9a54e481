/**
 * Security notifications (RL-10): one e-mail per event to the account's primary verified address,
 * through the delivery layer. Sending happens after the request's outcome is decided and never
 * changes it: a delivery failure is logged, not reported to the client.
 */
import type { Clock } from '../clock.js';
import type { ServerConfig } from '../config.js';
import type { Delivery } from '../delivery/index.js';
import { securityNotice, type SecurityEvent } from '../delivery/notices.js';
import type { Logger } from '../log.js';
import type { Store } from '../store.js';

export interface NotifierDeps {
  config: ServerConfig;
  clock: Clock;
  store: Store;
  delivery: Delivery;
  log: Logger;
}

export class SecurityNotifier {
  private readonly pending = new Set<Promise<void>>();
  private readonly deps: NotifierDeps;

  constructor(deps: NotifierDeps) {
    this.deps = deps;
  }

  /** Enqueues the notice for `event`; returns at once. */
  notify(userId: string, event: SecurityEvent): void {
    const job = this.send(userId, event).finally(() => this.pending.delete(job));
    this.pending.add(job);
  }

  /** Resolves when every notice enqueued so far has been handed to the transport (or failed). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async send(userId: string, event: SecurityEvent): Promise<void> {
    const { delivery, log, store, config, clock } = this.deps;
    try {
      const identifiers = await store.listIdentifiers(userId);
      const email = identifiers.filter((i) => i.kind === 'email_address' && i.verified).sort((a, b) => Number(b.primary) - Number(a.primary))[0];
      if (!email || !delivery.canSend('email')) {
        log.event('notification.skipped', { user_id: userId, notice: event, reason: email ? 'no_email_transport' : 'no_email_address' });
        return;
      }
      await delivery.send(securityNotice(event, { to: email.value, appName: config.applicationName, at: clock.now() }));
      log.event('notification.sent', { user_id: userId, notice: event, identifier_id: email.id });
    } catch (err) {
      log.event('notification.failed', { user_id: userId, notice: event, reason: err instanceof Error ? err.message : 'error' });
    }
  }
}
