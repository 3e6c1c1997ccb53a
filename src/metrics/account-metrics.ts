/** Account series, read from the accounts at each scrape: connection status, running and waiting tasks, capacity, locks, fast hours. */
import { Gauge, type Registry } from 'prom-client';
import type { AccountHealth } from '../tasks/api-port.js';

/** Every connection status an account may show (health's `status`); each gets its 0/1 series. */
const ACCOUNT_STATUSES = ['connecting', 'ready', 'resuming', 'backing-off', 'stopped', 'disabled', 'idle'];

export class AccountMetrics {
  private readonly status: Gauge<'account' | 'status'>;
  private readonly running: Gauge<'account'>;
  private readonly waiting: Gauge<'account'>;
  private readonly slots: Gauge<'account'>;
  private readonly queueSize: Gauge<'account'>;
  private readonly locked: Gauge<'account'>;
  private readonly fastExhausted: Gauge<'account'>;

  constructor(registry: Registry) {
    const registers = [registry];
    const account = { labelNames: ['account'] as const, registers };
    this.status = new Gauge({
      name: 'mj_account_status', help: 'Each account\'s connection status: 1 for the status it is in, 0 for the others.',
      labelNames: ['account', 'status'], registers,
    });
    this.running = new Gauge({ name: 'mj_account_running_tasks', help: 'Tasks holding a slot of the account (sent to Discord, not ended).', ...account });
    this.waiting = new Gauge({ name: 'mj_account_waiting_tasks', help: 'Tasks queued for a slot of the account.', ...account });
    this.slots = new Gauge({ name: 'mj_account_slots', help: 'Jobs the account runs at once (coreSize).', ...account });
    this.queueSize = new Gauge({ name: 'mj_account_queue_capacity', help: 'Tasks the account may keep waiting (queueSize).', ...account });
    this.locked = new Gauge({ name: 'mj_account_locked', help: '1 while the account needs a human (captcha, blocked, subscription, pending mod message).', ...account });
    this.fastExhausted = new Gauge({ name: 'mj_account_fast_exhausted', help: '1 while Midjourney says the account\'s fast hours are used up.', ...account });
  }

  /** Sets every series from the accounts as they are now; an account that is gone loses its series. */
  update(accounts: readonly AccountHealth[]): void {
    for (const gauge of [this.status, this.running, this.waiting, this.slots, this.queueSize, this.locked, this.fastExhausted]) gauge.reset();
    for (const health of accounts) {
      const account = health.instanceId;
      const statuses = ACCOUNT_STATUSES.includes(health.status) ? ACCOUNT_STATUSES : [...ACCOUNT_STATUSES, health.status];
      for (const status of statuses) this.status.set({ account, status }, status === health.status ? 1 : 0);
      this.running.set({ account }, health.running);
      this.waiting.set({ account }, health.queued);
      this.slots.set({ account }, health.coreSize);
      this.queueSize.set({ account }, health.queueSize);
      this.locked.set({ account }, health.lock ? 1 : 0);
      this.fastExhausted.set({ account }, health.fastExhausted ? 1 : 0);
    }
  }
}
