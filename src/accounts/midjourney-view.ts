/** The account object's Midjourney parts as docs/admin-api.md shows them: `lock`, `live.info`, `live.settings`, `live.jobMode`. */
import type { AccountInfoState, AccountMjState, AccountMode, AccountSettingsState } from './midjourney-state.js';

export interface InfoView {
  subscription: string | null;
  jobMode: string | null;
  fastTimeRemaining: string | null;
  fastHoursLeft: number | null;
  relaxedUsage: string | null;
  lifetimeUsage: string | null;
  queuedJobsFast: number | null;
  queuedJobsRelax: number | null;
  runningJobs: number | null;
  updatedAt: number;
}

export interface MidjourneyView {
  lock: { reason: string; url: string | null; since: number } | null;
  jobMode: AccountMode;
  info: InfoView | null;
  settings: AccountSettingsState | null;
}

/** "None" → 0; "a1b2…, c3d4…" → 2 (/info lists the running job ids). */
function runningCount(value: string | null): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (text === '' || /^none$/i.test(text)) return 0;
  return text.split(',').filter((part) => part.trim() !== '').length;
}

export function infoView(info: AccountInfoState): InfoView {
  return {
    subscription: info.subscription,
    jobMode: info.jobMode,
    fastTimeRemaining: info.fastTimeRemaining,
    fastHoursLeft: info.fastHoursLeft,
    relaxedUsage: info.relaxedUsage,
    lifetimeUsage: info.lifetimeUsage,
    queuedJobsFast: info.queuedFast,
    queuedJobsRelax: info.queuedRelax,
    runningJobs: runningCount(info.runningJobs),
    updatedAt: info.updatedAt,
  };
}

export function midjourneyView(state: AccountMjState): MidjourneyView {
  const { lock } = state;
  return {
    lock: lock && { reason: lock.reason, url: lock.url, since: lock.since },
    jobMode: state.mode,
    info: state.info && infoView(state.info),
    settings: state.settings,
  };
}
