/**
 * After a restart, what the store says about tasks that ended while jobs were still in flight: their
 * identities are known again (a channel read back shows their messages too), and a cancelled or
 * failed job that may still run counts as a claimant, so its result cannot pass for a recovered
 * task's by the sole-claimant rule.
 */
import type { AccountPool } from '../accounts/account-pool.js';
import { snowflakeTime } from '../lib/snowflake.js';
import type { Correlation } from './correlation.js';
import type { OrphanJobs } from './orphans.js';
import { isTerminal, type Task, type TaskStore } from './task.js';
import type { TimeoutSettings } from './timeout-settings.js';

const PAGE_SIZE = 200;

/**
 * When the task's job may have left: its start, or, for one cancelled while its send was in flight
 * (no start yet), the time of the nonce saved just before the send. Null: it never left.
 */
function sentAtOf(task: Task): number | null {
  if (task.startTime !== null) return task.startTime;
  const nonce = task.properties.nonce;
  return task.status === 'CANCEL' && nonce ? snowflakeTime(nonce) : null;
}
const MAX_PAGES = 50;

export class RecentEnds {
  constructor(
    private readonly store: TaskStore,
    private readonly correlation: Correlation,
    private readonly orphans: OrphanJobs,
    private readonly pool: AccountPool,
    private readonly timeouts: TimeoutSettings,
  ) {}

  /** Goes through tasks submitted since a little before `sinceMs` (newest first). */
  async remember(sinceMs: number): Promise<void> {
    const longestTimeout = Math.max(0, ...this.pool.all().map((account) => this.timeouts.taskMs(account)));
    const horizon = sinceMs - longestTimeout;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const tasks = await this.store.list({ page, size: PAGE_SIZE });
      for (const task of tasks) if (isTerminal(task.status)) this.rememberTask(task);
      const last = tasks.at(-1);
      if (tasks.length < PAGE_SIZE || !last || (last.submitTime ?? 0) < horizon) return;
    }
  }

  private rememberTask(task: Task): void {
    const { properties } = task;
    for (const [kind, value] of [['nonce', properties.nonce], ['message', properties.progressMessageId], ['message', properties.messageId], ['hash', properties.messageHash]] as const) {
      this.correlation.retireKey(kind, value, task.id);
    }
    // A result of a button job replies to its parent; only command jobs can be confused by prompt.
    const account = this.pool.get(properties.discordInstanceId ?? '');
    const sentAt = sentAtOf(task);
    if (task.status === 'SUCCESS' || sentAt === null || properties.customId || !account) return;
    this.orphans.adopt({
      id: task.id,
      accountId: account.id,
      channelId: properties.discordChannelId ?? '',
      bot: task.botType,
      action: task.action,
      prompt: properties.finalPrompt || task.promptEn,
      promptEchoed: Boolean(properties.finalPrompt),
      index: null,
      blendImages: null,
      parentMessageId: null,
      jobHash: properties.messageHash || null,
      progressMessageId: properties.progressMessageId || null,
      sentAt,
      holdsSlot: false,
      wantsStop: false,
      stopSent: false,
      lastSignAt: task.finishTime ?? Date.now(),
      claims: true,
    });
  }
}
