/** Which mode a task runs in (SPEC §6) and the prompt flag that makes Midjourney use it. */
import type { TaskMode } from './task.js';

const MODE_FLAG = /(^|\s)--(fast|relax|turbo)(?=\s|$)/gi;
const FLAG_OF: Record<TaskMode, string> = { FAST: '--fast', RELAX: '--relax', TURBO: '--turbo' };

export interface ModeSources {
  body?: TaskMode;
  prefix?: TaskMode;
  filterModes?: TaskMode[];
  prompt?: string;
  accountDefault: TaskMode;
}

/** The flag already written in a prompt, if any (the last one wins, as in Midjourney). */
export function modeInPrompt(prompt: string): TaskMode | undefined {
  const found = [...prompt.matchAll(MODE_FLAG)].pop();
  return found ? (found[2]!.toUpperCase() as TaskMode) : undefined;
}

/** The mode the request itself asks for: body, URL prefix, accountFilter.modes, a flag in the prompt. */
export function explicitMode(sources: Omit<ModeSources, 'accountDefault'>): TaskMode | undefined {
  return sources.body ?? sources.prefix ?? sources.filterModes?.[0] ?? (sources.prompt ? modeInPrompt(sources.prompt) : undefined);
}

/** Strongest first: body, URL prefix, accountFilter.modes, a flag in the prompt, the account's default. */
export function resolveMode(sources: ModeSources): { mode: TaskMode; explicit: boolean } {
  const explicit = explicitMode(sources);
  return explicit ? { mode: explicit, explicit: true } : { mode: sources.accountDefault, explicit: false };
}

/** Replaces any mode flag in the prompt with the chosen one. */
export function withModeFlag(prompt: string, mode: TaskMode): string {
  const stripped = prompt.replace(MODE_FLAG, '$1').replace(/\s{2,}/g, ' ').trim();
  return `${stripped} ${FLAG_OF[mode]}`;
}
