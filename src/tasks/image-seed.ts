/**
 * GET /task/{id}/image-seed: `/show job_id` in the DM with the bot, a ✉️ reaction on the job
 * message it posts, then the seed from the DM that answers. The seed is kept on the task. The wait
 * for the DM never rejects (a failure or the deadline settle it with null), so no timer can leave a
 * rejected promise behind that nobody awaits yet.
 */
import type { AccountSession } from '../accounts/account-session.js';
import { deferred, type Deferred } from '../lib/deferred.js';
import { buildShow } from '../midjourney/index.js';
import type { MidjourneyEvent } from '../midjourney/events.js';
import { SubmitCode, type SubmitAnswer } from './api-port.js';
import { answer } from './submit-answers.js';
import type { TaskContext } from './task-context.js';

const SEED_TIMEOUT_MS = 60_000;
const ENVELOPE = '✉️';

export class ImageSeeds {
  private readonly waiting = new Map<string, Deferred<string | null>>();

  constructor(private readonly ctx: TaskContext, private readonly timeoutMs = SEED_TIMEOUT_MS) {}

  async seedOf(taskId: string): Promise<SubmitAnswer> {
    const { registry, wording, pool } = this.ctx;
    const entry = await registry.get(taskId);
    if (!entry) return answer(SubmitCode.NotFound, wording.say('taskNotFound'));
    const { task } = entry;
    if (task.seed) return answer(SubmitCode.Success, wording.say('success'), task.seed);
    const jobHash = task.properties.messageHash;
    if (task.status !== 'SUCCESS' || !jobHash) return answer(SubmitCode.Validation, wording.say('seedUnavailable'));
    // Cluster mode: only the instance running the account talks to its DM.
    const elsewhere = await this.ctx.handOff?.seedElsewhere(entry, answer(SubmitCode.Failure, wording.say('seedUnavailable')));
    if (elsewhere) return elsewhere;
    const account = pool.get(entry.runtime.accountId ?? '');
    if (!account?.usable) return answer(SubmitCode.NotFound, wording.say('accountUnavailable', { id: entry.runtime.accountId ?? '' }));
    const seed = await this.ask(account, task.botType === 'NIJI_JOURNEY' ? 'NIJI_JOURNEY' : 'MID_JOURNEY', jobHash);
    if (!seed) return answer(SubmitCode.Failure, wording.say('seedUnavailable'));
    task.seed = seed;
    await registry.commit(entry, { notify: false });
    return answer(SubmitCode.Success, wording.say('success'), seed);
  }

  /** Follows the DM conversation: show result → react ✉️; seed DM → resolve. */
  handle(account: AccountSession, event: MidjourneyEvent): void {
    if (event.kind === 'show-result' && this.waiting.has(event.jobHash)) {
      void account.addReaction(event.channelId, event.messageId, ENVELOPE).catch((error: unknown) => {
        this.ctx.logger.warn({ jobHash: event.jobHash, err: (error as Error).message }, 'reacting to the /show message failed');
        this.waiting.get(event.jobHash)?.resolve(null);
      });
    } else if (event.kind === 'seed') {
      this.waiting.get(event.jobHash)?.resolve(event.seed);
    }
  }

  private async ask(account: AccountSession, bot: 'MID_JOURNEY' | 'NIJI_JOURNEY', jobHash: string): Promise<string | null> {
    const pending = this.waiting.get(jobHash) ?? deferred<string | null>();
    this.waiting.set(jobHash, pending);
    const timer = setTimeout(() => pending.resolve(null), this.timeoutMs);
    try {
      const dm = await account.dmChannel(bot);
      await account.sendCommand(bot, 'show', (ctx, command) => buildShow(ctx, command, jobHash), { channelId: dm });
      const seed = await pending.promise;
      if (seed === null) this.ctx.logger.warn({ jobHash }, 'no seed message arrived');
      return seed;
    } catch (error) {
      this.ctx.logger.warn({ jobHash, err: (error as Error).message }, 'fetching an image seed failed');
      return null;
    } finally {
      clearTimeout(timer);
      this.waiting.delete(jobHash);
    }
  }
}
