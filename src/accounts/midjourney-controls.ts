/**
 * What an operator (or the upkeep) asks Midjourney about one account: /info and /settings, a mode
 * switch, a /settings button, a version from the /settings menu. Each sends the interaction and
 * waits a bounded time for the bot's answer, so callers learn whether Midjourney took it.
 */
import type { ApplicationCommand, InteractionRequest } from '../discord/protocol/index.js';
import {
  buildButton, buildSelect, buildSimpleCommand, VERSION_SELECTOR_ID, type InteractionContext,
} from '../midjourney/index.js';
import type { MidjourneyEvent } from '../midjourney/events.js';
import { applicationIdOf, type BotName } from './bots.js';
import type { AccountMode, MidjourneyStateTracker, SettingsPanel } from './midjourney-state.js';

/** How long the bot gets to answer a command or a click. */
export const ANSWER_WAIT_MS = 10_000;
/** A /settings panel older than this is asked for again before a click (ephemeral messages go stale). */
const PANEL_FRESH_MS = 10 * 60_000;
/** Never more than one /info per account in this long (Midjourney watches for automation). */
export const DEFAULT_MIN_SYNC_MS = 60_000;

/** The account side the controls need (an AccountSession). */
export interface ControlledSession {
  sendCommand(bot: BotName, name: string, build: (ctx: InteractionContext, command: ApplicationCommand) => InteractionRequest): Promise<unknown>;
  sendInteraction(bot: BotName, build: (ctx: InteractionContext) => InteractionRequest): Promise<unknown>;
  on(event: 'event', listener: (event: MidjourneyEvent) => void): unknown;
  off(event: 'event', listener: (event: MidjourneyEvent) => void): unknown;
}

/** /info was asked too recently; `waitMs` says when it may be asked again. */
export class SyncTooSoonError extends Error {
  constructor(readonly waitMs: number) {
    super(`/info ran too recently: try again in ${Math.ceil(waitMs / 1000)} s`);
    this.name = 'SyncTooSoonError';
  }
}

/** Accepts "6.1", "v6.1", "--v 6.1", "niji6", "--niji 6" for the menu's "6.1" / "niji 6". */
export function normalizeVersion(text: string): string {
  const plain = text.trim().toLowerCase().replace(/^--/, '').replace(/\s+/g, '');
  return plain.replace(/^v(?=\d)/, '');
}

export class MidjourneyControls {
  /** The shortest time between two /info of this account (the upkeep sets it from the configuration). */
  minSyncMs = DEFAULT_MIN_SYNC_MS;
  private lastSyncAt = 0;

  constructor(private readonly session: ControlledSession, private readonly tracker: MidjourneyStateTracker, private readonly now: () => number = Date.now) {}

  /** How long until /info may run again (0: now). */
  syncWaitMs(): number {
    return Math.max(0, this.lastSyncAt + this.minSyncMs - this.now());
  }

  /** Runs /settings and /info; true when both answered in time. Throws SyncTooSoonError within the minimum interval. */
  async sync(): Promise<boolean> {
    const wait = this.syncWaitMs();
    if (wait > 0) throw new SyncTooSoonError(wait);
    this.lastSyncAt = this.now();
    const mj = applicationIdOf('MID_JOURNEY');
    const settings = this.answer((event) => event.kind === 'settings-result' && event.applicationId === mj);
    const info = this.answer((event) => event.kind === 'info-result');
    try {
      await this.command('settings');
      await this.command('info');
    } catch (error) {
      settings.cancel();
      info.cancel();
      throw error;
    }
    const answers = await Promise.all([settings.promise, info.promise]);
    return answers.every(Boolean);
  }

  /** /fast, /relax or /turbo; true once Midjourney said "Done!". */
  async switchMode(mode: AccountMode): Promise<boolean> {
    const name = mode.toLowerCase();
    const done = this.answer((event) => event.kind === 'preference-changed' && event.mode === name);
    return this.run(() => this.command(name), done);
  }

  /** Clicks a /settings button of the bot's panel (asking for the panel first when none is known, or it is stale). */
  async click(bot: BotName, customId: string): Promise<boolean> {
    const panel = await this.panelOf(bot);
    const updated = this.panelAnswer(bot);
    return this.run(() => this.session.sendInteraction(bot, (ctx) => buildButton(ctx, { messageId: panel.messageId, messageFlags: panel.flags, customId })), updated);
  }

  /** Picks a version in the /settings menu; the value must be one of the menu's (see normalizeVersion). */
  async pickVersion(bot: BotName, value: string): Promise<boolean> {
    const panel = await this.panelOf(bot);
    const updated = this.panelAnswer(bot);
    return this.run(() => this.session.sendInteraction(bot, (ctx) => buildSelect(ctx, {
      messageId: panel.messageId, messageFlags: panel.flags, customId: VERSION_SELECTOR_ID, values: [value],
    })), updated);
  }

  private async panelOf(bot: BotName): Promise<SettingsPanel> {
    const known = this.tracker.panels.get(applicationIdOf(bot));
    if (known && this.now() - known.seenAt < PANEL_FRESH_MS) return known;
    const answered = this.panelAnswer(bot);
    await this.run(() => this.command('settings', bot), answered);
    const panel = this.tracker.panels.get(applicationIdOf(bot));
    if (!panel) throw new Error('Midjourney did not show its /settings panel');
    return panel;
  }

  private panelAnswer(bot: BotName) {
    const app = applicationIdOf(bot);
    return this.answer((event) => event.kind === 'settings-result' && event.applicationId === app);
  }

  private command(name: string, bot: BotName = 'MID_JOURNEY'): Promise<unknown> {
    return this.session.sendCommand(bot, name, (ctx, command) => buildSimpleCommand(ctx, command));
  }

  /** Sends, then waits for the answer; a failed send cancels the wait. */
  private async run(send: () => Promise<unknown>, answer: { promise: Promise<boolean>; cancel(): void }): Promise<boolean> {
    try {
      await send();
    } catch (error) {
      answer.cancel();
      throw error;
    }
    return answer.promise;
  }

  /** The next event that matches, as true; false after ANSWER_WAIT_MS or a cancel. */
  private answer(matches: (event: MidjourneyEvent) => boolean): { promise: Promise<boolean>; cancel(): void } {
    let settle: (answered: boolean) => void = () => undefined;
    const promise = new Promise<boolean>((resolve) => {
      const listener = (event: MidjourneyEvent) => {
        if (matches(event)) settle(true);
      };
      const timer = setTimeout(() => settle(false), ANSWER_WAIT_MS);
      settle = (answered) => {
        clearTimeout(timer);
        this.session.off('event', listener);
        resolve(answered);
      };
      this.session.on('event', listener);
    });
    return { promise, cancel: () => settle(false) };
  }
}
