/**
 * What clicking a button means for a task (the Plus rules, reference/plus-edition.md §4.1): which
 * task action it makes, whether a modal comes first (DISCORD.md §2.5), how the task is described.
 */
import type { ButtonAction } from './custom-id.js';

/** The task actions a button can produce (a subset of the task model's TaskAction). */
export type ButtonTaskAction = 'IMAGINE' | 'UPSCALE' | 'VARIATION' | 'REROLL' | 'ZOOM' | 'PAN' | 'DESCRIBE' | 'SHORTEN' | 'VIDEO';

/** The task a click makes, or null for buttons the API does not click (bookmark, Imagine all, settings …). */
export function taskActionForButton(action: ButtonAction): ButtonTaskAction | null {
  switch (action.kind) {
    case 'upsample':
    case 'upsample_hd':
    case 'video_upscale':
      return 'UPSCALE';
    case 'variation':
    case 'low_variation':
    case 'high_variation':
    case 'inpaint':
      return 'VARIATION';
    case 'outpaint':
    case 'custom_zoom':
      return 'ZOOM';
    case 'pan':
      return 'PAN';
    case 'reroll':
      return 'REROLL';
    case 'picreader':
      // "Imagine all" starts four jobs from one click: not one task.
      return action.pick === 'all' ? null : 'IMAGINE';
    case 'prompt_analyzer':
      return 'IMAGINE';
    case 'picread_retry':
      return 'DESCRIBE';
    case 'show_details':
      return 'SHORTEN';
    case 'animate':
      return 'VIDEO';
    case 'bookmark':
    case 'cancel_job':
    case 'appeal':
    case 'settings':
    case 'unknown':
      return null;
  }
}

export interface ModalRequirement {
  /** `text`: INTERACTION_MODAL_CREATE with one text input; `iframe`: the Vary (Region) editor. */
  kind: 'text' | 'iframe';
  /**
   * The modal custom_id Midjourney uses; null for the iframe (its token is Midjourney's) and for
   * ids built from the clicked message's id when `messageId` was not given. The modal event's own
   * custom_id is authoritative; this is for checks and for building a submit without one.
   */
  modalCustomId: string | null;
  inputCustomId: string | null;
  /** True when only Remix mode makes this button open a modal. */
  remixOnly: boolean;
}

export interface ModalOptions {
  /** Remix mode of the account (for that bot). */
  remix: boolean;
  /** Id of the message carrying the button (ImagineModal ids name it). */
  messageId?: string;
  /** The account's High Variability setting: grid V buttons then make Strong variations. */
  highVariability?: boolean;
}

const text = (modalCustomId: string | null, inputCustomId: string, remixOnly: boolean): ModalRequirement => ({
  kind: 'text',
  modalCustomId,
  inputCustomId,
  remixOnly,
});

const imagineModal = (messageId: string | undefined, remixOnly: boolean): ModalRequirement =>
  text(messageId === undefined ? null : `MJ::ImagineModal::${messageId}`, 'MJ::ImagineModal::new_prompt', remixOnly);

const VARIATION_STRENGTH = { subtle: 0, strong: 1 } as const;

/** The modal a click opens, or null when the click starts the job directly. */
export function modalFor(action: ButtonAction, options: ModalOptions): ModalRequirement | null {
  switch (action.kind) {
    case 'custom_zoom':
      return text(`MJ::OutpaintCustomZoomModal::${action.jobHash}`, 'MJ::OutpaintCustomZoomModal::prompt', false);
    case 'inpaint':
      return { kind: 'iframe', modalCustomId: null, inputCustomId: null, remixOnly: false };
    case 'picreader':
      return action.pick === 'all'
        ? null
        : text(`MJ::Picreader::Modal::${action.pick}`, 'MJ::Picreader::Modal::PromptField', false);
    case 'prompt_analyzer':
      return imagineModal(options.messageId, false);
    default:
      return options.remix ? remixModal(action, options) : null;
  }
}

function remixModal(action: ButtonAction, options: ModalOptions): ModalRequirement | null {
  switch (action.kind) {
    case 'variation':
    case 'low_variation':
    case 'high_variation': {
      const strong = action.kind === 'high_variation' || (action.kind === 'variation' && options.highVariability === true);
      const strength = strong ? VARIATION_STRENGTH.strong : VARIATION_STRENGTH.subtle;
      return text(`MJ::RemixModal::${action.jobHash}::${action.index}::${strength}`, 'MJ::RemixModal::new_prompt', true);
    }
    case 'reroll':
      return imagineModal(options.messageId, true);
    case 'pan':
      return text(`MJ::PanModal::${action.direction}::${action.jobHash}::${action.index}`, 'MJ::PanModal::prompt', true);
    case 'animate':
      return text(
        `MJ::AnimateModal::${action.jobHash}::${action.index}::${action.motion}::${action.extend ? 1 : 0}`,
        'MJ::AnimateModal::prompt',
        true,
      );
    default:
      return null;
  }
}

const ZOOM_LABELS: Readonly<Record<number, string>> = { 50: 'Zoom Out 2x', 75: 'Zoom Out 1.5x', 100: 'Make Square' };
const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** The button's name in a task description: `U2`, `V1`, `R`, else the words Midjourney shows. */
function buttonName(action: ButtonAction): string {
  switch (action.kind) {
    case 'upsample':
      return `U${action.index}`;
    case 'variation':
      return `V${action.index}`;
    case 'reroll':
      return 'R';
    case 'low_variation':
      return 'Vary (Subtle)';
    case 'high_variation':
      return 'Vary (Strong)';
    case 'inpaint':
      return 'Vary (Region)';
    case 'upsample_hd':
      return `Upscale (${action.variant})`;
    case 'video_upscale':
      return `Upscale video ${action.index}`;
    case 'outpaint':
      return ZOOM_LABELS[action.zoom] ?? `Zoom ${action.zoom}`;
    case 'custom_zoom':
      return 'Custom Zoom';
    case 'pan':
      return `Pan ${capitalise(action.direction)}`;
    case 'animate':
      return `${action.extend ? 'Extend' : 'Animate'} (${capitalise(action.motion)} motion) ${action.index}`;
    case 'picreader':
      return `PicReader ${action.pick}`;
    case 'prompt_analyzer':
      return `PromptAnalyzer ${action.index}`;
    case 'picread_retry':
      return 'Retry';
    case 'show_details':
      return 'Show Details';
    case 'bookmark':
      return 'Bookmark';
    case 'cancel_job':
      return 'Cancel Job';
    case 'appeal':
      return 'Appeal';
    case 'settings':
      return `Settings ${action.setting}`;
    case 'unknown':
      return action.customId;
  }
}

/** The task `description` of a click: `/up <taskId> U2`, `/up <taskId> R`, `/up <taskId> Show Details` … */
export function buttonDescription(parentTaskId: string, action: ButtonAction): string {
  return `/up ${parentTaskId} ${buttonName(action)}`;
}

/** The image index a button names (1-based; 0 for reroll), or null when it names none. */
export function buttonIndex(action: ButtonAction): number | null {
  if ('index' in action) return action.index;
  return action.kind === 'picreader' && action.pick !== 'all' ? action.pick : null;
}
