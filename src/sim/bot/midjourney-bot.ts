/**
 * The simulated Midjourney and niji・journey bots (DISCORD.md §4): a SimBot for the world plus test
 * controls (account state, banned words, silence, triggers, options).
 */
import {
  InteractionFailureReason,
  InteractionType,
  MIDJOURNEY_APPLICATION_ID,
  NIJI_APPLICATION_ID,
  INVALID_COMMAND_ERROR,
  INVALID_VERSION_ERROR,
  type CommandInteractionRequest,
} from '../../discord/protocol/index.js';
import { createLogger, type Logger } from '../../lib/logger.js';
import type { InteractionVerdict, ReceivedInteraction, SimBot, SimWorld } from '../contracts.js';
import { MIDJOURNEY_BOT_USER, NIJI_BOT_USER } from '../known-bots.js';
import { AccountStates, type AccountState } from './account-state.js';
import { IFRAME_PREFIX, checkedPrompt, isEmbed, runIfFunded } from './admission.js';
import { midjourneyCommands, nijiCommands } from './commands.js';
import { decideComponent } from './components.js';
import type { BotContext, BotFlavour, BotSettings, TriggerKind } from './context.js';
import { ImageRenderer } from './images.js';
import { JobRegistry, type JobInfo } from './job.js';
import type { ModelVersion } from './prompt.js';
import { variationJob } from './job-factory.js';
import { JobRunner } from './job-runner.js';
import { decideModalSubmit } from './modals.js';
import { reactWithSeed } from './seed.js';
import { channelOf, originOf, replyError } from './responder.js';
import { info, prefer, settings, switchMode, switchVisibility, unsupported } from './slash-account.js';
import { blend, describe, imagine, shorten, show } from './slash-jobs.js';
import { INTERACTION_TIMEOUT_MS, scaled } from './timing.js';
import { invalidForm, type Decision } from './verdicts.js';

export interface MidjourneyBotOptions extends Partial<BotSettings> {
  /** Which bot: Midjourney (default) or niji・journey (its own app id, name and command ids). */
  flavour?: 'midjourney' | 'niji';
  logger?: Logger;
}

export interface MidjourneyBotHandle extends SimBot {
  setAccountState(userId: string, state: Partial<AccountState>): void;
  getAccountState(userId: string): AccountState;
  /** The monthly renewal: the plan's fast hours (or `hours`) are back. */
  renewFastHours(userId: string, hours?: number): void;
  setBannedWords(words: readonly string[]): void;
  /** A silent bot answers nothing: Discord sends INTERACTION_FAILURE (reason 2) after 3 s (scaled). */
  setSilent(on: boolean): void;
  /** The user's next job stops at a captcha, an "Action needed to continue", a "Pending mod message", "Blocked" or "Subscription required". */
  triggerNext(userId: string, kind: TriggerKind): void;
  setOptions(patch: Partial<BotSettings>): void;
  getJob(jobId: string): JobInfo | undefined;
}

const DEFAULT_SETTINGS: BotSettings = {
  maxConcurrentJobs: 3,
  maxQueuedJobs: 10,
  finalNonce: false,
  ephemeralWaiting: false,
  appealVerdict: 'approve',
  strictCommandVersions: false,
  openOnWebsite: false,
  pauseRelaxed: false,
  imageBase: 512,
  imageVariety: null,
  bannedWords: [],
};

const MJ_DEFAULT_VERSION = 7;
const NIJI_DEFAULT_VERSION = 6;

/** How the /settings menu names a model version: "7", "niji 6". */
const versionName = (version: ModelVersion): string => (version.niji ? `niji ${version.value}` : String(version.value));

function flavourOf(kind: 'midjourney' | 'niji'): BotFlavour {
  const niji = kind === 'niji';
  const applicationId = niji ? NIJI_APPLICATION_ID : MIDJOURNEY_APPLICATION_ID;
  return {
    applicationId,
    user: structuredClone(niji ? NIJI_BOT_USER : MIDJOURNEY_BOT_USER),
    commands: niji ? nijiCommands(applicationId) : midjourneyCommands(applicationId),
    defaultVersion: niji ? { niji: true, value: NIJI_DEFAULT_VERSION } : { niji: false, value: MJ_DEFAULT_VERSION },
  };
}

export function createMidjourneyBot(world: SimWorld, options: MidjourneyBotOptions = {}): MidjourneyBotHandle {
  const { flavour = 'midjourney', logger, ...overrides } = options;
  const settings: BotSettings = { ...DEFAULT_SETTINGS, ...overrides };
  const ctx: BotContext = {
    world,
    flavour: flavourOf(flavour),
    settings,
    accounts: new AccountStates(versionName(flavourOf(flavour).defaultVersion)),
    jobs: new JobRegistry(),
    images: new ImageRenderer(),
    logger: logger ?? createLogger('warn'),
    triggers: new Map(),
    held: new Map(),
    describes: new Map(),
    shortens: new Map(),
    modals: new Map(),
    regions: new Map(),
  };
  const runner = new JobRunner(ctx);
  let silent = false;

  const decide = (interaction: ReceivedInteraction): Decision => {
    switch (interaction.request.type) {
      case InteractionType.ApplicationCommand:
        return decideCommand(ctx, runner, interaction);
      case InteractionType.MessageComponent:
        return decideComponent(ctx, runner, interaction);
      case InteractionType.ModalSubmit:
        return decideModalSubmit(ctx, runner, interaction);
      default:
        return invalidForm('type', 'INTERACTION_TYPE_INVALID', 'Unsupported interaction type');
    }
  };

  return {
    applicationId: ctx.flavour.applicationId,
    user: ctx.flavour.user,
    commands: ctx.flavour.commands,
    handleInteraction(interaction): InteractionVerdict {
      const decision = decide(interaction);
      if (!decision.ok) return decision;
      if (silent) world.later(scaled(world, INTERACTION_TIMEOUT_MS), () => world.interactionFailed(interaction, InteractionFailureReason.Timeout));
      else decision.run();
      return { ok: true };
    },
    handleReaction(userId, channelId, messageId, emoji) {
      if (!silent) reactWithSeed(ctx, runner, userId, channelId, messageId, emoji);
    },
    handleActivitySubmit(userId, body) {
      const raw = typeof body.customId === 'string' ? body.customId : '';
      const token = raw.startsWith(IFRAME_PREFIX) ? raw.slice(IFRAME_PREFIX.length) : raw;
      const region = ctx.regions.get(token);
      if (!region || region.origin.interaction.userId !== userId) return { status: 404, body: { success: false, message: 'Unknown job' } };
      if (typeof body.mask !== 'string' || body.mask.length === 0) return { status: 400, body: { success: false, message: 'mask is required' } };
      ctx.regions.delete(token);
      const { job: parent, origin } = region;
      const text = typeof body.prompt === 'string' && body.prompt.trim() ? body.prompt : parent.prompt.echo;
      const prompt = checkedPrompt(ctx, text, `/imagine ${text}`);
      if (isEmbed(prompt)) replyError(ctx, origin, prompt);
      else runIfFunded(ctx, runner, origin, variationJob(ctx, { userId, channelId: channelOf(origin) }, parent, { strength: 'Region' }, prompt));
      return { status: 200, body: { success: true } };
    },
    setAccountState: (userId, state) => ctx.accounts.set(userId, state),
    getAccountState: (userId) => ({ ...ctx.accounts.get(userId) }),
    renewFastHours: (userId, hours) => ctx.accounts.renew(userId, hours),
    setBannedWords: (words) => {
      settings.bannedWords = [...words];
    },
    setSilent: (on) => {
      silent = on;
    },
    triggerNext: (userId, kind) => ctx.triggers.set(userId, kind),
    setOptions: (patch) => Object.assign(settings, patch),
    getJob: (jobId) => ctx.jobs.info(jobId),
  };
}

function decideCommand(ctx: BotContext, runner: JobRunner, interaction: ReceivedInteraction): Decision {
  const { data } = interaction.request as CommandInteractionRequest;
  const command = ctx.flavour.commands.find((known) => known.id === data.id && known.name === data.name);
  if (!command) return invalidForm('data', INVALID_COMMAND_ERROR, 'Unknown application command');
  if (ctx.settings.strictCommandVersions && command.version !== data.version) {
    return invalidForm('data', INVALID_VERSION_ERROR, 'This command is outdated, please try again in a few minutes');
  }
  const origin = originOf(interaction, data.name);
  switch (data.name) {
    case 'imagine': return imagine(ctx, runner, origin, data);
    case 'blend': return blend(ctx, runner, origin, data);
    case 'describe': return describe(ctx, origin, data);
    case 'shorten': return shorten(ctx, origin, data);
    case 'show': return show(ctx, runner, origin, data);
    case 'info': return info(ctx, runner, origin);
    case 'settings': return settings(ctx, origin);
    case 'fast': return switchMode(ctx, origin, 'fast');
    case 'relax': return switchMode(ctx, origin, 'relax');
    case 'turbo': return switchMode(ctx, origin, 'turbo');
    case 'prefer': return prefer(ctx, origin, data);
    case 'stealth':
    case 'private': return switchVisibility(ctx, origin, true);
    case 'public': return switchVisibility(ctx, origin, false);
    default: return unsupported(ctx, origin);
  }
}
