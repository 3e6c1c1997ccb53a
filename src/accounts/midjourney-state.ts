/**
 * What Midjourney says about an account: its settings (remix, variability, mode, version), the last
 * /info (fast hours), whether its fast hours are used up, and a lock that needs a human (captcha,
 * blocked, subscription, a pending mod message).
 */
import type { AccountConfig } from '../config/schema.js';
import type { AccountInfo, MidjourneyEvent, ParsedButton, SettingsResultEvent } from '../midjourney/events.js';
import { applicationIdOf } from './bots.js';

export type AccountMode = 'FAST' | 'RELAX' | 'TURBO';

export interface AccountInfoState extends AccountInfo {
  updatedAt: number;
}

/** The last /settings panel of the Midjourney bot. */
export interface AccountSettingsState {
  remix: boolean;
  variability: 'high' | 'low';
  version: string | null;
  mode: AccountMode | null;
  buttons: ParsedButton[];
  versions: { value: string; label: string; default: boolean }[];
  updatedAt: number;
}

/** captcha: verify you're human; account: blocked, subscription, ToS; pending-mod: a moderation notice to acknowledge. */
export type LockKind = 'captcha' | 'account' | 'pending-mod';

export interface AccountLock {
  kind: LockKind;
  reason: string;
  /** Where a human verifies the account (the captcha page), when Midjourney gave one. */
  url: string | null;
  since: number;
}

/** What Discord last told us about the account's Midjourney settings. */
export interface AccountMjState {
  remix: boolean;
  nijiRemix: boolean;
  highVariability: boolean;
  mode: AccountMode;
  info: AccountInfoState | null;
  settings: AccountSettingsState | null;
  /** Set while the account needs a human: it takes no new work until unlocked. */
  lock: AccountLock | null;
  /** Midjourney said the fast hours are used up ("Credits exhausted", or /info shows none left). */
  fastExhausted: boolean;
}

/** Where the last /settings panel of a bot is: its buttons and menu are clicked on that message. */
export interface SettingsPanel {
  messageId: string;
  flags: number;
  /** When it was shown: an ephemeral panel's buttons stop working after a while. */
  seenAt: number;
}

/** Less fast time than this runs no job: the account counts as out of fast hours. */
export const MIN_FAST_HOURS = 1 / 60;

const MODE_FLAGS: Record<string, AccountMode> = { fast: 'FAST', relax: 'RELAX', turbo: 'TURBO' };

export class MidjourneyStateTracker {
  readonly state: AccountMjState;
  /** The last /settings message per bot application id. */
  readonly panels = new Map<string, SettingsPanel>();

  constructor(config: AccountConfig, private readonly activityBaseUrl: string, private readonly now: () => number = Date.now) {
    this.state = {
      remix: config.remix, nijiRemix: false, highVariability: true, mode: config.mode,
      info: null, settings: null, lock: null, fastExhausted: false,
    };
  }

  /** Keeps the state as the bot's answers report it; other events pass by. */
  apply(event: MidjourneyEvent): void {
    const niji = 'applicationId' in event && event.applicationId === applicationIdOf('NIJI_JOURNEY');
    switch (event.kind) {
      case 'settings-result':
        this.panels.set(event.applicationId, { messageId: event.messageId, flags: event.flags, seenAt: this.now() });
        this.setRemix(niji, event.remix);
        this.state.highVariability = event.highVariability;
        this.setMode(event.mode);
        if (!niji) this.state.settings = this.settingsOf(event);
        return;
      case 'preference-changed':
        if (event.remix !== undefined) this.setRemix(niji, event.remix);
        if (event.highVariability !== undefined) this.state.highVariability = event.highVariability;
        this.setMode(event.mode);
        return;
      case 'info-result': {
        this.state.info = { ...event.info, updatedAt: this.now() };
        const hours = event.info.fastHoursLeft;
        if (hours !== null) this.state.fastExhausted = hours < MIN_FAST_HOURS;
        return;
      }
      case 'iframe-modal':
        // The iframe path hangs under the activity host (its base may carry a path of its own).
        if (event.captcha) this.lock('captcha', `[${event.title}] verify you're human`, `${this.activityBaseUrl.replace(/\/+$/, '')}${event.iframePath}`);
        return;
      case 'bot-error':
        return this.onError(event.code, `[${event.title}] ${event.description}`);
      default:
        return;
    }
  }

  /** Returns the account to service; false when it was not locked. */
  unlock(kind?: LockKind): boolean {
    if (!this.state.lock || (kind !== undefined && this.state.lock.kind !== kind)) return false;
    this.state.lock = null;
    return true;
  }

  private onError(code: string, reason: string): void {
    if (code === 'fast-exhausted') this.state.fastExhausted = true;
    else if (code === 'captcha') this.lock('captcha', reason, null);
    else if (code === 'account') this.lock('account', reason, null);
    else if (code === 'pending-mod') this.lock('pending-mod', reason, null);
  }

  /** The first lock stays until unlocked: what a human must do first is what it says. */
  private lock(kind: LockKind, reason: string, url: string | null): void {
    this.state.lock ??= { kind, reason, url, since: this.now() };
  }

  private settingsOf(event: SettingsResultEvent): AccountSettingsState {
    return {
      remix: event.remix,
      variability: event.highVariability ? 'high' : 'low',
      version: event.version,
      mode: event.mode ? (MODE_FLAGS[event.mode] ?? null) : null,
      buttons: event.buttons,
      versions: event.versions,
      updatedAt: this.now(),
    };
  }

  private setRemix(niji: boolean, on: boolean): void {
    if (niji) this.state.nijiRemix = on;
    else this.state.remix = on;
  }

  private setMode(mode: string | null | undefined): void {
    if (mode) this.state.mode = MODE_FLAGS[mode] ?? this.state.mode;
  }
}
