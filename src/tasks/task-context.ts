/** The parts of the task service that every submission path shares. */
import type { Logger } from '../lib/logger.js';
import type { AccountPool } from '../accounts/account-pool.js';
import type { AccountSession } from '../accounts/account-session.js';
import { SubmitCode, type SubmitAnswer, type SubmitCommon } from './api-port.js';
import type { BannedWords } from './banned-words.js';
import type { TaskLifecycle } from './lifecycle.js';
import type { PromptTranslatorPort } from './ports.js';
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
  const { task } = entry;
  ctx.registry.track(entry);
  const offer = account.queue.offer(task.id);
  const instance = { discordInstanceId: account.id };
  if (!offer.accepted) {
    ctx.registry.forget(task.id);
    return answer(SubmitCode.QueueFull, ctx.wording.say('queueFull'), null, instance);
  }
  await ctx.registry.commit(entry);
  if (!offer.started) {
    return answer(SubmitCode.InQueue, ctx.wording.say('queued', { n: offer.ahead }), task.id, { ...instance, numberOfQueues: offer.ahead });
  }
  return answer(SubmitCode.Success, ctx.wording.say('submitted'), task.id, instance);
}
