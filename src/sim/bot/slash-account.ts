/** Slash commands about the account: /info, /settings, /fast, /relax, /turbo, /prefer, /stealth, /public. */
import type { ApplicationCommandData, ComponentInteractionRequest } from '../../discord/protocol/index.js';
import { refuse } from './admission.js';
import { settingsRows, VERSION_SELECTOR_ID, versionValues } from './buttons.js';
import type { BotContext, Origin } from './context.js';
import type { JobRunner } from './job-runner.js';
import type { JobMode } from './prompt.js';
import { afterAck, deferredAnswer, reply } from './responder.js';
import {
  MODE_SWITCH_CONTENT,
  SETTINGS_CONTENT,
  errorEmbed,
  infoEmbed,
  remixToggleContent,
  variabilityToggleContent,
  visibilityContent,
} from './templates.js';
import { accept, type Decision } from './verdicts.js';

const EPHEMERAL = true;

export function info(ctx: BotContext, runner: JobRunner, origin: Origin): Decision {
  const userId = origin.interaction.userId;
  return accept(() => deferredAnswer(ctx, origin, EPHEMERAL, () => ({
    embeds: [infoEmbed(ctx.world.userObject(userId).username, ctx.accounts.get(userId), ctx.accounts.usageOf(userId), runner.summary(userId), ctx.accounts.renewsAt)],
  })));
}

export function settings(ctx: BotContext, origin: Origin): Decision {
  const state = ctx.accounts.get(origin.interaction.userId);
  return accept(() => deferredAnswer(ctx, origin, EPHEMERAL, () => ({ content: SETTINGS_CONTENT, components: settingsRows(state, ctx.flavour.defaultVersion.niji) })));
}

export function switchMode(ctx: BotContext, origin: Origin, mode: JobMode): Decision {
  return accept(() => deferredAnswer(ctx, origin, EPHEMERAL, () => {
    ctx.accounts.set(origin.interaction.userId, { mode });
    return { content: MODE_SWITCH_CONTENT[mode] };
  }));
}

export function switchVisibility(ctx: BotContext, origin: Origin, stealth: boolean): Decision {
  return accept(() => deferredAnswer(ctx, origin, EPHEMERAL, () => {
    ctx.accounts.set(origin.interaction.userId, { stealth });
    return { content: visibilityContent(stealth) };
  }));
}

/** /prefer remix and /prefer variability toggle; the interaction is named "prefer remix" (DISCORD.md §2.3). */
export function prefer(ctx: BotContext, origin: Origin, data: ApplicationCommandData): Decision {
  const sub = data.options?.[0]?.name ?? '';
  const named: Origin = { ...origin, name: `prefer ${sub}`.trim() };
  const state = ctx.accounts.get(origin.interaction.userId);
  if (sub === 'remix') {
    return accept(() => deferredAnswer(ctx, named, EPHEMERAL, () => {
      state.remix = !state.remix;
      return { content: remixToggleContent(state.remix) };
    }));
  }
  if (sub === 'variability') {
    return accept(() => deferredAnswer(ctx, named, EPHEMERAL, () => {
      state.highVariability = !state.highVariability;
      return { content: variabilityToggleContent(state.highVariability) };
    }));
  }
  return accept(() => refuse(ctx, named, errorEmbed('Invalid request', `\`/prefer ${sub}\` is not supported by this simulated Midjourney.`)));
}

/** Commands listed for completeness (help, ask, tune…): a short ephemeral note. */
export function unsupported(ctx: BotContext, origin: Origin): Decision {
  return accept(() => afterAck(ctx, origin, () => {
    reply(ctx, origin, { content: `\`/${origin.name}\` is not available in this simulated Midjourney.` }, EPHEMERAL);
  }));
}

/** The version menu: the picked value, when it is one of the menu's. */
function pickVersion(ctx: BotContext, userId: string, values: readonly string[]): void {
  const picked = values[0];
  if (picked !== undefined && versionValues(ctx.flavour.defaultVersion.niji).includes(picked)) ctx.accounts.set(userId, { version: picked });
}

const SETTING_CHANGES: Record<string, (ctx: BotContext, userId: string, values: readonly string[]) => void> = {
  [VERSION_SELECTOR_ID.replace('MJ::Settings::', '')]: pickVersion,
  RemixMode: (ctx, userId) => ctx.accounts.set(userId, { remix: !ctx.accounts.get(userId).remix }),
  'HighVariabilityMode::1': (ctx, userId) => ctx.accounts.set(userId, { highVariability: true }),
  'HighVariabilityMode::0': (ctx, userId) => ctx.accounts.set(userId, { highVariability: false }),
  'TurboMode::on': (ctx, userId) => ctx.accounts.set(userId, { mode: 'turbo' }),
  'FastMode::on': (ctx, userId) => ctx.accounts.set(userId, { mode: 'fast' }),
  'RelaxMode::on': (ctx, userId) => ctx.accounts.set(userId, { mode: 'relax' }),
  'RelaxMode::off': (ctx, userId) => ctx.accounts.set(userId, { mode: 'fast' }),
  'StealthMode::on': (ctx, userId) => ctx.accounts.set(userId, { stealth: true }),
  'PublicMode::on': (ctx, userId) => ctx.accounts.set(userId, { stealth: false }),
  Reset: (ctx, userId) => ctx.accounts.reset(userId),
};

export function isKnownSetting(setting: string): boolean {
  return setting in SETTING_CHANGES;
}

/** A /settings button (or the version menu): apply it, then edit the settings message to show the new state. */
export function clickSetting(ctx: BotContext, origin: Origin, setting: string): void {
  afterAck(ctx, origin, () => {
    const userId = origin.interaction.userId;
    const values = (origin.interaction.request as ComponentInteractionRequest).data.values ?? [];
    SETTING_CHANGES[setting]?.(ctx, userId, values);
    const source = origin.source;
    if (source) ctx.world.updateMessage(source.channel_id, source.id, { components: settingsRows(ctx.accounts.get(userId), ctx.flavour.defaultVersion.niji) });
  });
}
