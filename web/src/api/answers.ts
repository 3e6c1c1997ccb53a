/** Reading submit answers (SPEC §4). */
import { SubmitCode, type SubmitAnswer } from './types';

/** Code 1 (submitted) and 22 (queued) both made a task. */
export const accepted = (answer: SubmitAnswer): boolean => answer.code === SubmitCode.Success || answer.code === SubmitCode.InQueue;

/** The new task ids of an accepted answer: one, or four for describe's "Imagine all" (properties.taskIds). */
export function startedIds(answer: SubmitAnswer): string[] {
  const many = answer.properties?.taskIds;
  if (Array.isArray(many)) return many.map(String);
  return typeof answer.result === 'string' ? [answer.result] : [];
}

/** What a refusal says; a banned-word refusal (code 24) names the word it found. */
export function refusalText(answer: SubmitAnswer): string {
  const word = answer.properties?.bannedWord;
  return typeof word === 'string' && word !== '' ? `${answer.description}: ${word}` : answer.description;
}
