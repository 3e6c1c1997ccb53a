/** The parts of the task service that every submission path shares. */
import type { Logger } from '../lib/logger.js';
import type { AccountPool } from '../accounts/account-pool.js';
import type { OfferResult } from '../accounts/account-queue.js';
import type { AccountSession } from '../accounts/account-session.js';
import { SubmitCode, type SubmitAnswer, type SubmitCommon } from './api-port.js';
import type { BannedWords } from './banned-words.js';
import type { TaskLifecycle } from './lifecycle.js';
import type { PromptTranslatorPort, TaskHandOff } from './ports.js';
import { explicitMode, resolveMode, withModeFlag } from './prompt-mode.js';
import { answer, refuse } from './submit-answers.js';
import type { TaskRegistry } from './task-registry.js';
import type { StoredTask, TaskMode } from './task.js';
import type { Wording } from './wording.js';

export interface TaskContext {
  pool: AccountPool;
  registry: TaskRegistry;
  lifecycle: TaskLifecycle;
  translator: PromptTranslatorPort;
  bannedWords: BannedWords;
  wording: Wording;
  logger: Logger;
  /** Cluster mode: the account's queue is shared and may run on another instance. */
  handOff?: TaskHandOff;
}

/**
 * Picks the account for a new task by its accountFilter and the mode it asks for, or refuses with
 * code 3 (also when every fitting account is out of fast hours and set to `fastExhausted: refuse`).
 */
export function chooseAccount(ctx: TaskContext, common: SubmitCommon, prompt = ''): AccountSession {
  const filter = common.accountFilter ?? {};
  // A mode the request names counts against each account's daily limit of that mode, and asks for fast hours.
  const mode = explicitMode({ body: common.mode, prefix: common.prefixMode, filterModes: filter.modes, prompt });
  const account = ctx.pool.choose({ ...filter, mode });
  if (account) return account;
  const outOfFastHours = mode !== 'RELAX' && ctx.pool.candidates({ ...filter, mode: 'RELAX' }).some((found) => found.state.fastExhausted);
  if (outOfFastHours) return refuse(SubmitCode.NotFound, ctx.wording.say('fastExhausted'));
  const filtered = Object.values(filter).some((value) => value !== undefined);
  return refuse(SubmitCode.NotFound, ctx.wording.say(filtered ? 'noMatchingAccount' : 'noAccount'));
}

/** An account out of fast hours runs every task relaxed (the pool gives it fast work only under `fastExhausted: relax`). */
export const modeOn = (account: AccountSession, mode: TaskMode): TaskMode => (account.state.fastExhausted ? 'RELAX' : mode);

/** Translates, checks banned words and applies the mode (SPEC §6, §9). */
export async function preparePrompt(
  ctx: TaskContext,
  prompt: string,
  common: SubmitCommon,
  account: AccountSession,
): Promise<{ promptEn: string; mode: TaskMode }> {
  const translated = (await ctx.translator.toEnglish(prompt)).trim();
  const banned = ctx.bannedWords.find(translated);
  if (banned) refuse(SubmitCode.Banned, ctx.wording.say('banned'), { promptEn: translated, bannedWord: banned });
  const resolved = resolveMode({
    body: common.mode,
    prefix: common.prefixMode,
    filterModes: common.accountFilter?.modes,
    prompt: translated,
    accountDefault: account.config.mode,
  });
  const mode = modeOn(account, resolved.mode);
  const explicit = resolved.explicit || mode !== resolved.mode;
  // The flag goes in when asked for, or when Midjourney's current mode (from /settings) differs.
  const flag = explicit || mode !== account.state.mode;
  return { promptEn: flag ? withModeFlag(translated, mode) : translated, mode };
}

/** Puts a new task on its account's queue: code 1 (started), 22 (queued) or 23 (full). */
export async function enqueue(ctx: TaskContext, entry: StoredTask, account: AccountSession): Promise<SubmitAnswer> {
  if (ctx.handOff) return handOff(ctx, ctx.handOff, entry, account);
  const { task } = entry;
  ctx.registry.track(entry);
  const offer = account.queue.offer(task.id);
  const instance = { discordInstanceId: account.id };
  if (!offer.accepted) {
    ctx.registry.forget(task.id);
    return answer(SubmitCode.QueueFull, ctx.wording.say('queueFull'), null, instance);
  }
  await ctx.registry.commit(entry);
  return offered(ctx, entry, account, offer);
}

/** Cluster mode: saved here, run by the instance that holds the account (which reads it from the store). */
async function handOff(ctx: TaskContext, to: TaskHandOff, entry: StoredTask, account: AccountSession): Promise<SubmitAnswer> {
  const { task } = entry;
  const offer = await to.room(account.id);
  if (!offer.accepted) return answer(SubmitCode.QueueFull, ctx.wording.say('queueFull'), null, { discordInstanceId: account.id });
  ctx.registry.track(entry);
  // Told by the instance that takes it from the queue, which tells its later changes too.
  await ctx.registry.commit(entry, { notify: false });
  ctx.registry.forget(task.id);
  try {
    await to.send(entry);
  } catch (error) {
    ctx.logger.error({ taskId: task.id, err: (error as Error).message }, 'handing a task to its account queue failed');
    ctx.registry.track(entry);
    ctx.lifecycle.fail(entry, ctx.wording.say('failure'));
    return answer(SubmitCode.Failure, ctx.wording.say('failure'));
  }
  return offered(ctx, entry, account, offer);
}

function offered(ctx: TaskContext, entry: StoredTask, account: AccountSession, offer: Extract<OfferResult, { accepted: true }>): SubmitAnswer {
  const { task } = entry;
  const instance = { discordInstanceId: account.id };
  if (!offer.started) {
    return answer(SubmitCode.InQueue, ctx.wording.say('queued', { n: offer.ahead }), task.id, { ...instance, numberOfQueues: offer.ahead });
  }
  return answer(SubmitCode.Success, ctx.wording.say('submitted'), task.id, instance);
}
