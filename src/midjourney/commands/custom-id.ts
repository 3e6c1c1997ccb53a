/**
 * The custom_id grammar of Midjourney buttons (DISCORD.md §4.15), both ways:
 * formatCustomId(parseCustomId(id)) === id for every id this grammar knows.
 */

export type PanDirection = 'left' | 'right' | 'up' | 'down';
export type AnimateMotion = 'low' | 'high';

/** Buttons of the `MJ::JOB::<name>::<index>::<hash>[::SOLO]` family. */
interface JobButton {
  index: number;
  jobHash: string;
  /**
   * The trailing `::SOLO` (buttons of single-image messages). Parsing always sets it; when
   * formatting, absent means the usual form of that kind (see isSolo).
   */
  solo?: boolean;
}

export type ButtonAction =
  | ({ kind: 'upsample' | 'variation' | 'reroll' | 'low_variation' | 'high_variation' | 'video_upscale' } & JobButton)
  /** `upsample_v6_2x_subtle` → variant `v6_2x_subtle`. */
  | ({ kind: 'upsample_hd'; variant: string } & JobButton)
  | ({ kind: 'pan'; direction: PanDirection } & JobButton)
  | ({ kind: 'animate'; motion: AnimateMotion; extend: boolean } & JobButton)
  /** `MJ::Outpaint::{zoom}::…`: 50 = Zoom Out 2x, 75 = 1.5x, 100 = Make Square. */
  | ({ kind: 'outpaint'; zoom: number } & JobButton)
  | ({ kind: 'inpaint' } & JobButton)
  | { kind: 'custom_zoom' | 'bookmark' | 'cancel_job'; jobHash: string }
  | { kind: 'picreader'; pick: number | 'all' }
  | { kind: 'picread_retry' }
  | { kind: 'prompt_analyzer'; index: number }
  /** Shorten's Show Details; its id is not documented, so the id it came with is kept. */
  | { kind: 'show_details'; customId: string }
  | { kind: 'appeal'; appealId: string }
  /** `MJ::Settings::<setting>`, e.g. `RemixMode`, `HighVariabilityMode::1`. */
  | { kind: 'settings'; setting: string }
  | { kind: 'unknown'; customId: string };

export type ButtonKind = ButtonAction['kind'];

const SEP = '::';
const SOLO = 'SOLO';
const PREFIX = {
  job: 'MJ::JOB::',
  outpaint: 'MJ::Outpaint::',
  inpaint: 'MJ::Inpaint::',
  customZoom: 'MJ::CustomZoom::',
  bookmark: 'MJ::BOOKMARK::',
  cancelJob: 'MJ::CancelJob::ByJobid::',
  picReader: 'MJ::Job::PicReader::',
  promptAnalyzer: 'MJ::Job::PromptAnalyzer::',
  appeal: 'MJ::Prompts::Appeal::',
  settings: 'MJ::Settings::',
} as const;
export const PICREAD_RETRY_CUSTOM_ID = 'MJ::Picread::Retry';
/** The id our Show Details button parses from and formats to when none was seen [inf]. */
export const SHOW_DETAILS_CUSTOM_ID = 'MJ::Job::PromptAnalyzer::ShowDetails';

const PLAIN_JOB_NAMES = ['upsample', 'variation', 'reroll', 'low_variation', 'high_variation', 'video_upscale'] as const;
type PlainJobName = (typeof PLAIN_JOB_NAMES)[number];
/** Button kinds whose Discord name differs from ours. */
const JOB_NAME_OF_KIND: Partial<Record<PlainJobName, string>> = { video_upscale: 'video_virtual_upscale' };

const JOB_NAME = /^(?<name>[a-z0-9_]+)$/;
const PAN_NAME = /^pan_(?<direction>left|right|up|down)$/;
const ANIMATE_NAME = /^animate_(?<motion>low|high)(?<extend>_extend)?$/;
const HD_NAME = /^upsample_(?<variant>[a-z0-9_]+)$/;
const INTEGER = /^\d+$/;
const DETAILS = /details/i;

/** `<index>::<hash>[::SOLO]`, or undefined when the rest has another shape. */
function jobTail(parts: readonly string[]): JobButton | undefined {
  const [index, jobHash, solo, ...extra] = parts;
  if (index === undefined || !INTEGER.test(index) || !jobHash || extra.length > 0) return undefined;
  if (solo !== undefined && solo !== SOLO) return undefined;
  return { index: Number(index), jobHash, solo: solo === SOLO };
}

function parseJob(rest: string): ButtonAction | undefined {
  const [name = '', ...parts] = rest.split(SEP);
  const tail = jobTail(parts);
  if (!tail || !JOB_NAME.test(name)) return undefined;
  const plain = PLAIN_JOB_NAMES.find((kind) => (JOB_NAME_OF_KIND[kind] ?? kind) === name);
  if (plain) return { kind: plain, ...tail };
  const pan = PAN_NAME.exec(name)?.groups;
  if (pan?.direction) return { kind: 'pan', direction: pan.direction as PanDirection, ...tail };
  const animate = ANIMATE_NAME.exec(name)?.groups;
  if (animate?.motion) return { kind: 'animate', motion: animate.motion as AnimateMotion, extend: !!animate.extend, ...tail };
  const hd = HD_NAME.exec(name)?.groups;
  return hd?.variant ? { kind: 'upsample_hd', variant: hd.variant, ...tail } : undefined;
}

function parseOutpaint(rest: string): ButtonAction | undefined {
  const [zoom, ...parts] = rest.split(SEP);
  const tail = jobTail(parts);
  return zoom !== undefined && INTEGER.test(zoom) && tail ? { kind: 'outpaint', zoom: Number(zoom), ...tail } : undefined;
}

function parsePicReader(rest: string): ButtonAction | undefined {
  if (rest === 'all') return { kind: 'picreader', pick: 'all' };
  return INTEGER.test(rest) ? { kind: 'picreader', pick: Number(rest) } : undefined;
}

/** A rest that is one non-empty segment (a hash or an id). */
const segment = (rest: string): string | undefined => (rest !== '' && !rest.includes(SEP) ? rest : undefined);

const PREFIX_PARSERS: readonly [string, (rest: string) => ButtonAction | undefined][] = [
  [PREFIX.job, parseJob],
  [PREFIX.outpaint, parseOutpaint],
  [PREFIX.inpaint, (rest) => {
    const tail = jobTail(rest.split(SEP));
    return tail && { kind: 'inpaint', ...tail };
  }],
  [PREFIX.customZoom, (rest) => {
    const jobHash = segment(rest);
    return jobHash === undefined ? undefined : { kind: 'custom_zoom', jobHash };
  }],
  [PREFIX.bookmark, (rest) => {
    const jobHash = segment(rest);
    return jobHash === undefined ? undefined : { kind: 'bookmark', jobHash };
  }],
  [PREFIX.cancelJob, (rest) => {
    const jobHash = segment(rest);
    return jobHash === undefined ? undefined : { kind: 'cancel_job', jobHash };
  }],
  [PREFIX.picReader, parsePicReader],
  [PREFIX.promptAnalyzer, (rest) => (INTEGER.test(rest) ? { kind: 'prompt_analyzer', index: Number(rest) } : undefined)],
  [PREFIX.appeal, (rest) => {
    const appealId = segment(rest);
    return appealId === undefined ? undefined : { kind: 'appeal', appealId };
  }],
  [PREFIX.settings, (rest) => (rest === '' ? undefined : { kind: 'settings', setting: rest })],
];

function parseKnown(customId: string): ButtonAction | undefined {
  if (customId === PICREAD_RETRY_CUSTOM_ID) return { kind: 'picread_retry' };
  for (const [prefix, parse] of PREFIX_PARSERS) {
    const action = customId.startsWith(prefix) ? parse(customId.slice(prefix.length)) : undefined;
    if (action) return action;
  }
  return customId.startsWith('MJ::') && DETAILS.test(customId) ? { kind: 'show_details', customId } : undefined;
}

export function parseCustomId(customId: string): ButtonAction {
  return parseKnown(customId) ?? { kind: 'unknown', customId };
}

type JobAction = Extract<ButtonAction, JobButton>;

/** Which kinds end in `::SOLO` on Midjourney's own buttons: all but the grid's U/V and the video ones. */
const NOT_SOLO: ReadonlySet<ButtonKind> = new Set(['upsample', 'variation', 'video_upscale']);

function isSolo(action: JobAction): boolean {
  if (action.solo !== undefined) return action.solo;
  if (action.kind === 'animate') return !action.extend;
  return !NOT_SOLO.has(action.kind);
}

const jobSuffix = (action: JobAction): string =>
  `${action.index}${SEP}${action.jobHash}${isSolo(action) ? `${SEP}${SOLO}` : ''}`;

export function formatCustomId(action: ButtonAction): string {
  switch (action.kind) {
    case 'upsample':
    case 'variation':
    case 'reroll':
    case 'low_variation':
    case 'high_variation':
    case 'video_upscale':
      return `${PREFIX.job}${JOB_NAME_OF_KIND[action.kind] ?? action.kind}${SEP}${jobSuffix(action)}`;
    case 'upsample_hd':
      return `${PREFIX.job}upsample_${action.variant}${SEP}${jobSuffix(action)}`;
    case 'pan':
      return `${PREFIX.job}pan_${action.direction}${SEP}${jobSuffix(action)}`;
    case 'animate':
      return `${PREFIX.job}animate_${action.motion}${action.extend ? '_extend' : ''}${SEP}${jobSuffix(action)}`;
    case 'outpaint':
      return `${PREFIX.outpaint}${action.zoom}${SEP}${jobSuffix(action)}`;
    case 'inpaint':
      return `${PREFIX.inpaint}${jobSuffix(action)}`;
    case 'custom_zoom':
      return `${PREFIX.customZoom}${action.jobHash}`;
    case 'bookmark':
      return `${PREFIX.bookmark}${action.jobHash}`;
    case 'cancel_job':
      return `${PREFIX.cancelJob}${action.jobHash}`;
    case 'picreader':
      return `${PREFIX.picReader}${action.pick}`;
    case 'picread_retry':
      return PICREAD_RETRY_CUSTOM_ID;
    case 'prompt_analyzer':
      return `${PREFIX.promptAnalyzer}${action.index}`;
    case 'appeal':
      return `${PREFIX.appeal}${action.appealId}`;
    case 'settings':
      return `${PREFIX.settings}${action.setting}`;
    case 'show_details':
    case 'unknown':
      return action.customId;
  }
}
