/** The account's Midjourney settings (remix, variability, mode, /info, moderation), as Discord reports them. */
import type { AccountConfig } from '../config/schema.js';
import type { AccountInfo, MidjourneyEvent } from '../midjourney/events.js';
import { applicationIdOf } from './bots.js';

export type AccountMode = 'FAST' | 'RELAX' | 'TURBO';

/** What Discord last told us about the account's Midjourney settings. */
export interface AccountMjState {
  remix: boolean;
  nijiRemix: boolean;
  highVariability: boolean;
  mode: AccountMode;
  info: AccountInfo | null;
  /** A moderation notice that needs a human ("Pending mod message"). */
  moderationNotice: string | null;
}

const MODE_FLAGS: Record<string, AccountMode> = { fast: 'FAST', relax: 'RELAX', turbo: 'TURBO' };

export class MidjourneyStateTracker {
  readonly state: AccountMjState;

  constructor(config: AccountConfig) {
    this.state = { remix: config.remix, nijiRemix: false, highVariability: true, mode: config.mode, info: null, moderationNotice: null };
  }

  /** Keeps the state as the bot's answers report it; other events pass by. */
  apply(event: MidjourneyEvent): void {
    const niji = 'applicationId' in event && event.applicationId === applicationIdOf('NIJI_JOURNEY');
    switch (event.kind) {
      case 'settings-result':
        this.setRemix(niji, event.remix);
        this.state.highVariability = event.highVariability;
        this.setMode(event.mode);
        return;
      case 'preference-changed':
        if (event.remix !== undefined) this.setRemix(niji, event.remix);
        if (event.highVariability !== undefined) this.state.highVariability = event.highVariability;
        this.setMode(event.mode);
        return;
      case 'info-result':
        this.state.info = event.info;
        return;
      case 'bot-error':
        if (event.code === 'pending-mod') this.state.moderationNotice = `[${event.title}] ${event.description}`;
        return;
      default:
        return;
    }
  }

  private setRemix(niji: boolean, on: boolean): void {
    if (niji) this.state.nijiRemix = on;
    else this.state.remix = on;
  }

  private setMode(mode: string | null | undefined): void {
    if (mode) this.state.mode = MODE_FLAGS[mode] ?? this.state.mode;
  }
}
