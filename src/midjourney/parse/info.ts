/** The /info embed: `**Key**: value` lines (DISCORD.md §4.13). */
import type { AccountInfo, InfoResultEvent, MessageIdentity } from '../events.js';
import { identityOf, type MessageView } from './read.js';

const INFO_TITLE = /^Your info/i;
const KEY_VALUE_LINE = /^\s*(?:\*\*)?(?<key>[^*:\n]+?)(?:\*\*)?:\s*(?<value>.*?)\s*$/;
const HOURS = /(?<left>\d+(?:\.\d+)?)\s*(?:\/\s*\d+(?:\.\d+)?\s*)?hours?/i;
const MINUTES = /(?<left>\d+(?:\.\d+)?)\s*minutes?/i;
const MINUTES_PER_HOUR = 60;

const KEYS = {
  subscription: 'Subscription',
  jobMode: 'Job Mode',
  visibilityMode: 'Visibility Mode',
  fastTimeRemaining: 'Fast Time Remaining',
  lifetimeUsage: 'Lifetime Usage',
  relaxedUsage: 'Relaxed Usage',
  queuedFast: 'Queued Jobs (fast)',
  queuedRelax: 'Queued Jobs (relax)',
  runningJobs: 'Running Jobs',
} as const;

export const isInfoResult = (view: MessageView): boolean => view.embeds.some((embed) => INFO_TITLE.test(embed.title));

/** Hours of fast time left from "29.57/30.0 hours (98.58%)" or "25.00 minutes". */
export function parseFastHoursLeft(value: string | null): number | null {
  if (value === null) return null;
  const hours = HOURS.exec(value)?.groups?.left;
  if (hours !== undefined) return Number(hours);
  const minutes = MINUTES.exec(value)?.groups?.left;
  return minutes === undefined ? null : Number(minutes) / MINUTES_PER_HOUR;
}

const count = (value: string | null): number | null => {
  const digits = value === null ? undefined : /\d+/.exec(value)?.[0];
  return digits === undefined ? null : Number(digits);
};

export function parseInfoText(text: string): AccountInfo {
  const raw: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const groups = KEY_VALUE_LINE.exec(line)?.groups;
    if (groups?.key !== undefined && groups.value !== undefined) raw[groups.key.trim()] = groups.value;
  }
  const get = (key: string): string | null => raw[key] ?? null;
  return {
    subscription: get(KEYS.subscription),
    jobMode: get(KEYS.jobMode),
    visibilityMode: get(KEYS.visibilityMode),
    fastTimeRemaining: get(KEYS.fastTimeRemaining),
    fastHoursLeft: parseFastHoursLeft(get(KEYS.fastTimeRemaining)),
    lifetimeUsage: get(KEYS.lifetimeUsage),
    relaxedUsage: get(KEYS.relaxedUsage),
    queuedFast: count(get(KEYS.queuedFast)),
    queuedRelax: count(get(KEYS.queuedRelax)),
    runningJobs: get(KEYS.runningJobs),
    raw,
  };
}

export function parseInfo(view: MessageView, source: MessageIdentity['source']): InfoResultEvent {
  const embed = view.embeds.find((e) => INFO_TITLE.test(e.title));
  return { ...identityOf(view, source), kind: 'info-result', info: parseInfoText(embed?.description ?? '') };
}
