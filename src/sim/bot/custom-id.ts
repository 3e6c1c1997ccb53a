/** The custom_id grammar of Midjourney buttons and modals (DISCORD.md §2.5, §4.15): text → action. */
import { SHOW_DETAILS_ID, UPSCALE_WORDS } from './buttons.js';

export type PanDirection = 'left' | 'right' | 'up' | 'down';
export type Motion = 'high' | 'low';

/** Actions on one job's image, identified by the job UUID in the id. */
export type JobAction =
  | { kind: 'upsample'; index: number; jobId: string }
  | { kind: 'variation'; index: number; jobId: string }
  | { kind: 'reroll'; jobId: string }
  | { kind: 'vary'; strong: boolean; jobId: string }
  | { kind: 'upscale'; code: string; jobId: string }
  | { kind: 'zoom'; factor: number; jobId: string }
  | { kind: 'custom-zoom'; jobId: string }
  | { kind: 'pan'; direction: PanDirection; jobId: string }
  | { kind: 'region'; jobId: string }
  | { kind: 'animate'; motion: Motion; index: number; jobId: string }
  | { kind: 'extend'; motion: Motion; index: number; jobId: string }
  | { kind: 'video-upscale'; index: number; jobId: string }
  | { kind: 'bookmark'; jobId: string }
  | { kind: 'cancel'; jobId: string }
  | { kind: 'appeal'; jobId: string }
  | { kind: 'acknowledge'; jobId: string };

/** Actions that only make sense on the message that carries them. */
export type MessageAction =
  | { kind: 'picreader'; pick: number | 'all' }
  | { kind: 'picread-retry' }
  | { kind: 'analyzer'; pick: number }
  | { kind: 'analyzer-details' }
  | { kind: 'settings'; setting: string };

export type ButtonAction = JobAction | MessageAction;

const UUID = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';
const I = '([1-4])';

type Rule = [RegExp, (m: string[]) => ButtonAction];

const num = (value: string | undefined) => Number(value);
const id = (value: string | undefined) => (value ?? '').toLowerCase();

const BUTTON_RULES: Rule[] = [
  [new RegExp(`^MJ::JOB::upsample::${I}::${UUID}$`), (m) => ({ kind: 'upsample', index: num(m[1]), jobId: id(m[2]) })],
  [new RegExp(`^MJ::JOB::variation::${I}::${UUID}$`), (m) => ({ kind: 'variation', index: num(m[1]), jobId: id(m[2]) })],
  [new RegExp(`^MJ::JOB::reroll::0::${UUID}::SOLO$`), (m) => ({ kind: 'reroll', jobId: id(m[1]) })],
  [new RegExp(`^MJ::JOB::(low|high)_variation::${I}::${UUID}::SOLO$`), (m) => ({ kind: 'vary', strong: m[1] === 'high', jobId: id(m[3]) })],
  [new RegExp(`^MJ::JOB::upsample_(${Object.keys(UPSCALE_WORDS).join('|')})::${I}::${UUID}::SOLO$`), (m) => ({ kind: 'upscale', code: m[1] ?? '', jobId: id(m[3]) })],
  [new RegExp(`^MJ::Outpaint::(50|75|100)::${I}::${UUID}::SOLO$`), (m) => ({ kind: 'zoom', factor: num(m[1]), jobId: id(m[3]) })],
  [new RegExp(`^MJ::CustomZoom::${UUID}$`), (m) => ({ kind: 'custom-zoom', jobId: id(m[1]) })],
  [new RegExp(`^MJ::JOB::pan_(left|right|up|down)::${I}::${UUID}::SOLO$`), (m) => ({ kind: 'pan', direction: m[1] as PanDirection, jobId: id(m[3]) })],
  [new RegExp(`^MJ::Inpaint::${I}::${UUID}::SOLO$`), (m) => ({ kind: 'region', jobId: id(m[2]) })],
  [new RegExp(`^MJ::JOB::animate_(high|low)::${I}::${UUID}::SOLO$`), (m) => ({ kind: 'animate', motion: m[1] as Motion, index: num(m[2]), jobId: id(m[3]) })],
  [new RegExp(`^MJ::JOB::animate_(high|low)_extend::${I}::${UUID}$`), (m) => ({ kind: 'extend', motion: m[1] as Motion, index: num(m[2]), jobId: id(m[3]) })],
  [new RegExp(`^MJ::JOB::video_virtual_upscale::${I}::${UUID}$`), (m) => ({ kind: 'video-upscale', index: num(m[1]), jobId: id(m[2]) })],
  [new RegExp(`^MJ::BOOKMARK::${UUID}$`), (m) => ({ kind: 'bookmark', jobId: id(m[1]) })],
  [new RegExp(`^MJ::CancelJob::ByJobid::${UUID}$`), (m) => ({ kind: 'cancel', jobId: id(m[1]) })],
  [new RegExp(`^MJ::Prompts::Appeal::${UUID}$`), (m) => ({ kind: 'appeal', jobId: id(m[1]) })],
  [new RegExp(`^MJ::Prompts::Acknowledge::${UUID}$`), (m) => ({ kind: 'acknowledge', jobId: id(m[1]) })],
  [/^MJ::Job::PicReader::([1-4]|all)$/, (m) => ({ kind: 'picreader', pick: m[1] === 'all' ? 'all' : num(m[1]) })],
  [/^MJ::Picread::Retry$/, () => ({ kind: 'picread-retry' })],
  [/^MJ::Job::PromptAnalyzer::([1-5])$/, (m) => ({ kind: 'analyzer', pick: num(m[1]) })],
  [new RegExp(`^${SHOW_DETAILS_ID}$`), () => ({ kind: 'analyzer-details' })],
  [/^MJ::Settings::(.+)$/, (m) => ({ kind: 'settings', setting: m[1] ?? '' })],
];

export function parseButton(customId: string): ButtonAction | undefined {
  for (const [pattern, build] of BUTTON_RULES) {
    const match = pattern.exec(customId);
    if (match) return build([...match]);
  }
  return undefined;
}

export function isJobAction(action: ButtonAction): action is JobAction {
  return 'jobId' in action;
}

/** Modal custom_ids: the kind, and the job (or message) they name, to compare with the modal we opened. */
export interface ModalId {
  kind: 'remix' | 'imagine' | 'pan' | 'custom-zoom' | 'picreader' | 'animate';
  subject: string;
}

const MODAL_RULES: [RegExp, ModalId['kind']][] = [
  [new RegExp(`^MJ::RemixModal::${UUID}::${I}::[01]$`), 'remix'],
  [/^MJ::ImagineModal::(\d+)$/, 'imagine'],
  [new RegExp(`^MJ::PanModal::(?:left|right|up|down)::${UUID}::${I}$`), 'pan'],
  [new RegExp(`^MJ::OutpaintCustomZoomModal::${UUID}$`), 'custom-zoom'],
  [/^MJ::Picreader::Modal::([1-4])$/, 'picreader'],
  [new RegExp(`^MJ::AnimateModal::${UUID}::${I}::(?:low|high)::[01]$`), 'animate'],
];

export function parseModalId(customId: string): ModalId | undefined {
  for (const [pattern, kind] of MODAL_RULES) {
    const match = pattern.exec(customId);
    if (match) return { kind, subject: id(match[1]) };
  }
  return undefined;
}
