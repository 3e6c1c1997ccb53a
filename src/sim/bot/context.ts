/** Everything the Midjourney bot's handlers share: the world, its identity, options and state. */
import type { ApplicationCommand, DiscordUser, Message } from '../../discord/protocol/index.js';
import type { Logger } from '../../lib/logger.js';
import type { ReceivedInteraction, SimWorld, StoredFile } from '../contracts.js';
import type { AccountStates } from './account-state.js';
import type { Motion, PanDirection } from './custom-id.js';
import type { ImageRenderer } from './images.js';
import type { Job, JobRegistry } from './job.js';
import type { ModelVersion } from './prompt.js';

export type TriggerKind = 'action-needed' | 'captcha' | 'pending-mod' | 'blocked' | 'subscription-required';

export interface BotSettings {
  /** Jobs one account may run at once (DISCORD.md §4.17). */
  maxConcurrentJobs: number;
  /** Jobs that may wait behind them before "Queue full". */
  maxQueuedJobs: number;
  /** Put the request nonce on final messages too (real Discord since ~May 2025; off by default, §4.0). */
  finalNonce: boolean;
  /** Make the waiting message ephemeral with a "Cancel Job" button (the 2023 capture, §4.6). */
  ephemeralWaiting: boolean;
  /** What a click on Appeal decides. */
  appealVerdict: 'approve' | 'deny';
  /** Refuse a known command sent with another version (400 50035), as Discord does after a command update. */
  strictCommandVersions: boolean;
  /**
   * Final contents carry `[(Open on website for full quality)](<https://midjourney.com/jobs/UUID>)`
   * before the mode suffix (DISCORD.md §4.1, §4.2); "Image #i" results have no suffix and stay as they are.
   */
  openOnWebsite: boolean;
  /**
   * Relaxed jobs first wait for a relax GPU: their waiting message turns into
   * `**<prompt>** - <@U> (paused) (relaxed)` for one progress step before 0% (DISCORD.md §4.1, §4.2).
   */
  pauseRelaxed: boolean;
  /** Side of a 1:1 grid in pixels (real Midjourney: 2048); other ratios keep the same area. */
  imageBase: number;
  /**
   * How many different grids the bot draws. null: one per prompt and seed (tests tell jobs apart by
   * colour). A number: every job gets one of that many, each drawn once and then served from the
   * cache, so that a load test of thousands of jobs measures the client, not the simulator's drawing.
   */
  imageVariety: number | null;
  bannedWords: string[];
}

export interface BotFlavour {
  applicationId: string;
  user: DiscordUser;
  commands: ApplicationCommand[];
  defaultVersion: ModelVersion;
}

/** The interaction a bot answer belongs to. */
export interface Origin {
  interaction: ReceivedInteraction;
  /** Shown as `interaction.name` on the answer: the command name, or the custom_id of a button or modal. */
  name: string;
  /** Echoed by the answer; absent on follow-ups (the 2nd–4th job of "Imagine all"). */
  nonce?: string;
  /** The message whose button (or modal) led here: answers reply to it. */
  source?: Message;
}

export interface HeldJob {
  job: Job;
  origin: Origin;
  kind: 'action-needed' | 'pending-mod';
  messageId: string;
}

/** What a modal the bot opened will do when submitted. */
export type ModalPurpose =
  | { kind: 'remix'; parent: Job; strong: boolean }
  | { kind: 'reroll'; parent: Job }
  | { kind: 'pan'; parent: Job; direction: PanDirection }
  | { kind: 'custom-zoom'; parent: Job }
  /** Animate (parent an image) or Extend (parent a video) with Remix on. */
  | { kind: 'animate'; parent: Job; motion: Motion }
  | { kind: 'imagine' };

export interface OpenModal {
  userId: string;
  customId: string;
  purpose: ModalPurpose;
  /** The message whose button opened it: the job's answers reply to it. */
  source: Message;
}

export interface DescribeSession {
  file: StoredFile;
  prompts: string[];
  tries: number;
}

export interface BotContext {
  world: SimWorld;
  flavour: BotFlavour;
  settings: BotSettings;
  accounts: AccountStates;
  jobs: JobRegistry;
  images: ImageRenderer;
  logger: Logger;
  triggers: Map<string, TriggerKind>;
  held: Map<string, HeldJob>;
  /** Describe results by message id, for their buttons. */
  describes: Map<string, DescribeSession>;
  /** Shortened prompts by message id, for their buttons. */
  shortens: Map<string, { prompt: string; prompts: string[] }>;
  /** Modals awaiting their submit, by the id of the interaction that opened them. */
  modals: Map<string, OpenModal>;
  /** Vary (Region) editors by iframe token. */
  regions: Map<string, { job: Job; origin: Origin }>;
}

/** Runs a background flow; a failure is logged instead of becoming an unhandled rejection. */
export function detach(ctx: BotContext, flow: Promise<unknown>): void {
  flow.catch((error: unknown) => ctx.logger.warn({ err: error }, 'simulated Midjourney flow failed'));
}
