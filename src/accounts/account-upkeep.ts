/**
 * Keeps what Midjourney says about each account fresh, and acts on it: /info and /settings on a slow,
 * jittered schedule (sooner after a mode change, more often while fast hours are used up), never
 * more than one /info per account per minimum interval. An account out of fast hours switches
 * itself to /relax; once /info shows fast time again it switches back to its configured mode. A
 * listen-only account (shared with a human) gets none of this.
 */
import type { Logger } from '../lib/logger.js';
import type { AccountSession } from './account-session.js';
import { SyncTooSoonError } from './midjourney-controls.js';
import type { MidjourneyEvent } from '../midjourney/events.js';

export interface UpkeepSchedule {
  everyMs: number;
  /** While the fast hours are used up. */
  exhaustedEveryMs: number;
  /** The shortest time between two /info of one account. */
  minIntervalMs: number;
}

/** Each wait is stretched or shrunk by up to this share, so accounts do not ask in step. */
const JITTER = 0.1;
const MS_PER_MINUTE = 60_000;
/** An account that was not connected, or whose /info failed, is asked again this soon (not at the next regular time). */
const RETRY_MS = 60_000;

export function upkeepScheduleOf(config: { everyMinutes: number; exhaustedEveryMinutes: number; minIntervalSeconds: number }): UpkeepSchedule {
  return {
    everyMs: config.everyMinutes * MS_PER_MINUTE,
    exhaustedEveryMs: config.exhaustedEveryMinutes * MS_PER_MINUTE,
    minIntervalMs: config.minIntervalSeconds * 1000,
  };
}

interface Watched {
  timer: NodeJS.Timeout | undefined;
  /** The job mode Midjourney last showed (null before its first answer): a change (a /relax, a /settings click, a human in Discord) brings the next /info forward. */
  mode: string | null;
  onEvent: (event: MidjourneyEvent) => void;
  /** The account switched itself to relax because its fast hours ran out. */
  autoRelaxed: boolean;
  switching: boolean;
}

export class AccountUpkeep {
  private readonly watched = new Map<AccountSession, Watched>();

  constructor(private readonly schedule: UpkeepSchedule, private readonly logger: Logger, private readonly random: () => number = Math.random) {}

  /** Starts looking after an account (its start reads /info once; this plans the next ones). */
  watch(session: AccountSession): void {
    if (this.watched.has(session)) return;
    session.controls.minSyncMs = this.schedule.minIntervalMs;
    const watched: Watched = {
      timer: undefined, mode: null, onEvent: (event) => this.onEvent(session, event), autoRelaxed: false, switching: false,
    };
    this.watched.set(session, watched);
    session.on('event', watched.onEvent);
    this.planNext(session);
  }

  unwatch(session: AccountSession): void {
    const watched = this.watched.get(session);
    if (!watched) return;
    clearTimeout(watched.timer);
    session.off('event', watched.onEvent);
    this.watched.delete(session);
  }

  close(): void {
    for (const session of [...this.watched.keys()]) this.unwatch(session);
  }

  private onEvent(session: AccountSession, event: MidjourneyEvent): void {
    const watched = this.watched.get(session);
    if (!watched) return;
    const { state } = session;
    if (event.kind === 'info-result') this.planNext(session);
    if (event.kind === 'settings-result' || event.kind === 'preference-changed') {
      if (watched.mode !== null && watched.mode !== state.mode) this.planSoon(session);
      watched.mode = state.mode;
    }
    // Only what tells about fast hours acts: a mode switch per progress message would flood Midjourney.
    const aboutFastHours = event.kind === 'info-result' || (event.kind === 'bot-error' && event.code === 'fast-exhausted');
    if (watched.switching || !aboutFastHours || session.listenOnly) return;
    if (state.fastExhausted && state.mode !== 'RELAX') {
      watched.autoRelaxed = true;
      this.switchMode(session, watched, 'RELAX', 'fast hours used up: switching the account to relax');
    } else if (!state.fastExhausted && watched.autoRelaxed) {
      watched.autoRelaxed = false;
      if (session.config.mode !== 'RELAX') this.switchMode(session, watched, session.config.mode, 'fast hours are back: switching the account back');
    }
  }

  private switchMode(session: AccountSession, watched: Watched, mode: 'FAST' | 'RELAX' | 'TURBO', why: string): void {
    this.logger.info({ account: session.id, mode }, why);
    watched.switching = true;
    session.controls.switchMode(mode)
      .then((done) => {
        if (!done) this.logger.warn({ account: session.id, mode }, 'Midjourney did not confirm the mode switch');
      })
      .catch((error: unknown) => this.logger.warn({ account: session.id, mode, err: (error as Error).message }, 'switching the mode failed'))
      .finally(() => {
        watched.switching = false;
      });
  }

  /** The regular next /info: jittered, sooner while the fast hours are used up. */
  private planNext(session: AccountSession): void {
    const base = session.state.fastExhausted ? this.schedule.exhaustedEveryMs : this.schedule.everyMs;
    this.plan(session, base * (1 - JITTER + 2 * JITTER * this.random()));
  }

  /** After a mode change: as soon as the minimum interval allows. */
  private planSoon(session: AccountSession): void {
    this.plan(session, session.controls.syncWaitMs());
  }

  private plan(session: AccountSession, delayMs: number): void {
    const watched = this.watched.get(session);
    if (!watched) return;
    clearTimeout(watched.timer);
    watched.timer = setTimeout(() => this.run(session), delayMs);
    watched.timer.unref();
  }

  private run(session: AccountSession): void {
    const retry = () => this.plan(session, Math.max(this.schedule.minIntervalMs, RETRY_MS));
    if (session.listenOnly) {
      this.planNext(session);
      return;
    }
    if (!session.ready) {
      retry();
      return;
    }
    session.controls.sync().then(
      (answered) => {
        if (!answered) retry();
      },
      (error: unknown) => {
        if (error instanceof SyncTooSoonError) this.plan(session, error.waitMs);
        else {
          this.logger.warn({ account: session.id, err: (error as Error).message }, 'the scheduled /info failed');
          retry();
        }
      },
    );
  }
}
