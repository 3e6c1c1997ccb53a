/** What the task service needs from the outside, as interfaces main.ts fills in. */
import type { OfferResult } from '../accounts/account-queue.js';
import type { SubmitAnswer } from './api-port.js';
import type { StoredTask, Task } from './task.js';

export interface PromptTranslatorPort {
  /** The prompt Midjourney gets; the original when nothing needs translating or translation fails. */
  toEnglish(prompt: string): Promise<string>;
  /** Describe/shorten results in Chinese; '' when no back-translation is configured. */
  toChinese(text: string): Promise<string>;
}

/** Where accepted snapshots wait until delivered (cluster mode: another instance takes them over if this one dies). */
export interface HookOutbox {
  /** The task's latest accepted snapshot; its first attempt waits for this. */
  put(taskId: string, body: string): Promise<void>;
  /** Delivered, given up or superseded: no longer anyone's to deliver (unless a newer one replaced it). */
  done(taskId: string, body: string): Promise<void>;
}

/** Told about every change of a task (notify hooks). Must not block or throw. */
export type TaskChangeListener = (task: Task) => void;

/**
 * Cluster mode: new work goes to the instance that runs its account, through the account's shared
 * queue, and a cancel goes to that instance; the task itself is in the shared store.
 */
export interface TaskHandOff {
  /** Room on the account's shared queue, as its local queue would answer an offer. */
  room(accountId: string): Promise<OfferResult>;
  /** Puts a saved task on its account's shared queue. */
  send(entry: StoredTask): Promise<void>;
  /** Asks the instance running the task's account to cancel it; false when that is this one, or none. */
  cancelElsewhere(entry: StoredTask): Promise<boolean>;
  /**
   * The image seed as the instance running the task's account answers it (`timedOut` when it does
   * not in time); undefined when that is this one, or none.
   */
  seedElsewhere(entry: StoredTask, timedOut: SubmitAnswer): Promise<SubmitAnswer | undefined>;
}
