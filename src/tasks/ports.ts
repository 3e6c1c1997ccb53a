/** What the task service needs from the outside, as interfaces main.ts fills in. */
import type { Task } from './task.js';

export interface PromptTranslatorPort {
  /** The prompt Midjourney gets; the original when nothing needs translating or translation fails. */
  toEnglish(prompt: string): Promise<string>;
  /** Describe/shorten results in Chinese; '' when no back-translation is configured. */
  toChinese(text: string): Promise<string>;
}

/** Told about every change of a task (notify hooks). Must not block or throw. */
export type TaskChangeListener = (task: Task) => void;
