/**
 * What the pure parser makes of one Discord event: typed Midjourney events. The task matcher
 * correlates them to tasks by identity (nonce, interaction id, message id, job hash) only.
 */
export type BotKind = 'midjourney' | 'niji' | 'insightface';

/** A button as the HTTP API lists it (SPEC §3). */
export interface ParsedButton {
  customId: string;
  emoji: string;
  label: string;
  type: number;
  style: number;
}

/** A select menu (the /settings version menu) with its options. */
export interface ParsedSelect {
  customId: string;
  options: { value: string; label: string; default: boolean }[];
}

/** Identity fields of the message an event came from. */
export interface MessageIdentity {
  source: 'create' | 'update';
  messageId: string;
  channelId: string;
  /** Application id of the bot that wrote it (= author id). */
  applicationId: string;
  /** Present only on the bot's first answer to an interaction. */
  nonce?: string;
  /** interaction_metadata.id (or interaction.id): the interaction this message answers. */
  interactionId?: string;
  /** interaction name, e.g. "imagine", "describe", "prefer remix". */
  interactionName?: string;
  /** message_reference.message_id on replies (button results). */
  referencedMessageId?: string;
  flags: number;
  content: string;
}

/** Which content grammar a job message matched (DISCORD.md §4.2–§4.9). */
export type JobContentKind =
  | 'imagine' // also reroll and blend: `**p** - <@U> (fast)`
  | 'variation' // Variations (Strong|Subtle|Region) by / Remix … by
  | 'pan'
  | 'zoom'
  | 'upscale' // `Image #i <@U>`
  | 'upscale-hd' // Upscaled (Subtle|Creative|2x|4x) by
  | 'video';

export type MjMode = 'fast' | 'relaxed' | 'turbo';

/** "Waiting to start": the nonce-bearing start message W. */
export interface JobStartEvent extends MessageIdentity {
  kind: 'job-start';
  prompt: string;
  contentKind: JobContentKind;
  /** The job UUID when W already names it (the Cancel Job button of an ephemeral W). */
  jobHash?: string;
}

/** A progress edit of W (or a running/paused/stopped status). */
export interface JobProgressEvent extends MessageIdentity {
  kind: 'job-progress';
  prompt: string;
  contentKind: JobContentKind;
  /** 0..100, or null for (paused) / (Stopped) */
  percent: number | null;
  status: 'running' | 'paused' | 'stopped';
  mode: MjMode | null;
  /** UUID from `<UUID>_grid_0.webp` when a preview is attached. */
  jobHash: string | null;
  previewUrl: string | null;
}

export interface ImageInfo {
  url: string;
  proxyUrl: string | null;
  width: number | null;
  height: number | null;
  filename: string;
  contentType: string | null;
}

/** A finished job: the final message F with its image and buttons. */
export interface JobDoneEvent extends MessageIdentity {
  kind: 'job-done';
  prompt: string;
  contentKind: JobContentKind;
  mode: MjMode | null;
  /** Image index for `Image #i` upscales. */
  index: number | null;
  /** The job UUID from the file name and buttons. */
  jobHash: string;
  image: ImageInfo;
  /** Extra images when the message carries more than one attachment. */
  images: ImageInfo[];
  videoUrl: string | null;
  buttons: ParsedButton[];
}

export interface MessageDeletedEvent {
  kind: 'message-deleted';
  messageId: string;
  channelId: string;
}

/** A red (or plain-content) failure message, or a non-red notice (Job queued). */
export interface BotErrorEvent extends MessageIdentity {
  kind: 'bot-error';
  title: string;
  description: string;
  color: number | null;
  footer: string | null;
  /** true for failures (red / "Failed to process"); false for warnings like "Job queued". */
  fatal: boolean;
  /** What kind of embed this is, for the few that need more than failing the task. */
  code:
    | 'banned' | 'invalid' | 'queue-full' | 'job-queued' | 'action-needed' | 'pending-mod' | 'other'
    /** "verify you're human": a captcha only a person can solve. */
    | 'captcha'
    /** "Credits exhausted": no fast hours left; relaxed jobs still run. */
    | 'fast-exhausted'
    /** Blocked, plan cancelled, subscription required or paused, ToS not accepted: the account needs a human. */
    | 'account';
  buttons: ParsedButton[];
}

/** A deferred "thinking" message (flags 128, empty content) that a later UPDATE fills in. */
export interface DeferredReplyEvent extends MessageIdentity {
  kind: 'deferred';
}

export interface DescribeResultEvent extends MessageIdentity {
  kind: 'describe-result';
  /** The embed description: the four prompts `1️⃣ …\n\n2️⃣ …`. */
  text: string;
  prompts: string[];
  imageUrl: string | null;
  buttons: ParsedButton[];
}

export interface ShortenResultEvent extends MessageIdentity {
  kind: 'shorten-result';
  /** The embed description (`## Important tokens … ## Shortened prompts …`). */
  text: string;
  prompts: string[];
  /** true for the Show Details version with weights. */
  details: boolean;
  buttons: ParsedButton[];
}

export interface AccountInfo {
  subscription: string | null;
  jobMode: string | null;
  visibilityMode: string | null;
  fastTimeRemaining: string | null;
  /** Hours of fast time left, from "29.57/30.0 hours" or "25.00 minutes". */
  fastHoursLeft: number | null;
  lifetimeUsage: string | null;
  relaxedUsage: string | null;
  queuedFast: number | null;
  queuedRelax: number | null;
  runningJobs: string | null;
  raw: Record<string, string>;
}

export interface InfoResultEvent extends MessageIdentity {
  kind: 'info-result';
  info: AccountInfo;
}

export interface SettingsResultEvent extends MessageIdentity {
  kind: 'settings-result';
  remix: boolean;
  highVariability: boolean;
  mode: 'fast' | 'relax' | 'turbo' | null;
  buttons: ParsedButton[];
  /** The picked model of the version menu ("7", "niji 6"), null without a menu. */
  version: string | null;
  /** The version menu's options. */
  versions: { value: string; label: string; default: boolean }[];
}

/** /fast, /relax, /turbo "Done!" and /prefer remix "Remix mode turned on!". */
export interface PreferenceChangedEvent extends MessageIdentity {
  kind: 'preference-changed';
  mode?: 'fast' | 'relax' | 'turbo';
  remix?: boolean;
  /** /prefer variability: "High variability mode turned on!" / "… off!". */
  highVariability?: boolean;
}

/** /show result in the DM channel: a message carrying the job's image. */
export interface ShowResultEvent extends MessageIdentity {
  kind: 'show-result';
  jobHash: string;
}

/** The ✉️ seed DM: `**Job ID**: <UUID>\n**seed** <digits>`. */
export interface SeedEvent extends MessageIdentity {
  kind: 'seed';
  jobHash: string;
  seed: string;
}

/** INTERACTION_MODAL_CREATE. */
export interface ModalEvent {
  kind: 'modal';
  interactionId: string;
  nonce?: string;
  channelId: string;
  applicationId: string;
  customId: string;
  title: string;
  inputs: { customId: string; value: string }[];
}

/** INTERACTION_IFRAME_MODAL_CREATE (Vary Region editor, captcha). */
export interface IframeModalEvent {
  kind: 'iframe-modal';
  interactionId: string;
  nonce?: string;
  channelId: string;
  applicationId: string;
  customId: string;
  title: string;
  iframePath: string;
  captcha: boolean;
}

/** INTERACTION_CREATE / SUCCESS / FAILURE. */
export interface InteractionLifecycleEvent {
  kind: 'interaction-created' | 'interaction-succeeded' | 'interaction-failed';
  interactionId: string;
  nonce?: string;
  reasonCode?: number;
}

/** InsightFace bot results (face swap). */
export interface FaceSwapEvent extends MessageIdentity {
  kind: 'face-saved' | 'face-swapped';
  image: ImageInfo | null;
}

export type MidjourneyEvent =
  | JobStartEvent
  | JobProgressEvent
  | JobDoneEvent
  | MessageDeletedEvent
  | BotErrorEvent
  | DeferredReplyEvent
  | DescribeResultEvent
  | ShortenResultEvent
  | InfoResultEvent
  | SettingsResultEvent
  | PreferenceChangedEvent
  | ShowResultEvent
  | SeedEvent
  | ModalEvent
  | IframeModalEvent
  | InteractionLifecycleEvent
  | FaceSwapEvent;
