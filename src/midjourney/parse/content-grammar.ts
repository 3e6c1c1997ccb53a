/**
 * The content grammar of Midjourney job messages (DISCORD.md §4.1–§4.8), as regexes assembled
 * from named pieces so each piece can be read, tested and changed on its own.
 */
import type { JobContentKind, MjMode } from '../events.js';

const source = (pattern: RegExp): string => pattern.source;

/** Pieces of the head: `[legacy prefix] **<prompt>** - [action] <@user>`. */
export const PIECES = {
  legacyVariation: source(/Making variations for image #(?<legacyVariationIndex>\d+) with prompt /),
  legacyUpscale: source(/Upscaling image #(?<legacyUpscaleIndex>\d+) with /),
  // Greedy on purpose: the prompt runs from the first `**` to the LAST `**` that is followed by
  // ` - ` and a valid action + mention, so prompts may themselves contain `**`.
  prompt: source(/\*\*(?<prompt>[\s\S]*)\*\*/),
  separator: ' - ',
  imageIndex: source(/Image #(?<imageIndex>\d+) /),
  action: source(
    /(?<action>Variations|Remix|Remaster|Zoom Out|Pan (?<panDirection>Left|Right|Up|Down)|Upscaling|Upscaled)(?: \((?<variant>[^()]+)\))? by /,
  ),
  mention: source(/<@!?(?<userId>\d+)>/),
  // The rest of the first line holds the parenthesised status words; later lines (`-# …`) are extras.
  tail: source(/(?<tail>[^\n]*)(?:\n[\s\S]*)?/),
} as const;

/** Pieces of the tail, each one parenthesised token. */
export const TAIL_PIECES = {
  progress: source(/\((?<percent>\d{1,3})%\)/),
  status: source(/\((?<status>Waiting to start|paused|Stopped)\)/),
  linkText: source(/\(Open on website for full quality\)/),
  mode: source(/\((?<mode>fast|relaxed|turbo)(?<stealth>,\s*stealth)?\)/),
  other: source(/\([^()]*\)/),
} as const;

const LINK = `(?:\\[${TAIL_PIECES.linkText}\\]\\(<?[^()\\s>]*>?\\)|${TAIL_PIECES.linkText})`;

export const JOB_CONTENT = new RegExp(
  `^(?:${PIECES.legacyVariation}|${PIECES.legacyUpscale})?${PIECES.prompt}${PIECES.separator}` +
    `(?:${PIECES.imageIndex}|${PIECES.action})?${PIECES.mention}${PIECES.tail}$`,
);

// Sticky: one token per exec, from the position where the previous one ended.
const TAIL_TOKEN = new RegExp(
  `\\s*(?:${TAIL_PIECES.progress}|${TAIL_PIECES.status}|${LINK}|${TAIL_PIECES.mode}|${TAIL_PIECES.other})`,
  'iy',
);

const VIDEO_FLAG = /(?:^|\s)--video\b/;
const MAX_PERCENT = 100;

export type JobStage = 'start' | 'progress' | 'final';

export interface ParsedJobContent {
  prompt: string;
  kind: JobContentKind;
  stage: JobStage;
  /** Image index of `Image #i` and the legacy prefixes. */
  index: number | null;
  /** The word in parentheses after the action: Strong, Subtle, Region, Creative, 2x … */
  variant: string | null;
  panDirection: 'left' | 'right' | 'up' | 'down' | null;
  userId: string;
  percent: number | null;
  status: 'running' | 'paused' | 'stopped';
  mode: MjMode | null;
  stealth: boolean;
}

interface Tail {
  percent: number | null;
  status: string | null;
  mode: MjMode | null;
  stealth: boolean;
}

function readTail(tail: string): Tail {
  const result: Tail = { percent: null, status: null, mode: null, stealth: false };
  TAIL_TOKEN.lastIndex = 0;
  for (let match = TAIL_TOKEN.exec(tail); match?.groups; match = TAIL_TOKEN.exec(tail)) {
    const { percent, status, mode, stealth } = match.groups;
    if (percent !== undefined) result.percent = Math.min(Number(percent), MAX_PERCENT);
    if (status !== undefined) result.status = status.toLowerCase();
    if (mode !== undefined) result.mode = mode.toLowerCase() as MjMode;
    if (stealth !== undefined) result.stealth = true;
  }
  return result;
}

function kindOf(groups: Record<string, string | undefined>, prompt: string): JobContentKind {
  if (groups.imageIndex !== undefined || groups.legacyUpscaleIndex !== undefined) return 'upscale';
  if (groups.legacyVariationIndex !== undefined) return 'variation';
  switch (groups.action) {
    case 'Variations':
    case 'Remix':
      return 'variation';
    case 'Zoom Out':
      return 'zoom';
    case 'Upscaling':
    case 'Upscaled':
      return 'upscale-hd';
    case undefined:
    case 'Remaster':
      return VIDEO_FLAG.test(prompt) ? 'video' : 'imagine';
    default:
      return 'pan';
  }
}

function stageOf(tail: Tail): Pick<ParsedJobContent, 'stage' | 'status'> {
  if (tail.status === 'waiting to start') return { stage: 'start', status: 'running' };
  if (tail.status === 'paused') return { stage: 'progress', status: 'paused' };
  if (tail.status === 'stopped') return { stage: 'progress', status: 'stopped' };
  if (tail.percent !== null) return { stage: 'progress', status: 'running' };
  // `Image #i <@U>` and every content that ends in a bare mode is a finished job.
  return { stage: 'final', status: 'running' };
}

/** Parses the content of a job message, or returns null when it is not one. */
export function parseJobContent(content: string): ParsedJobContent | null {
  const groups = JOB_CONTENT.exec(content)?.groups;
  if (!groups || groups.prompt === undefined || groups.userId === undefined) return null;
  const kind = kindOf(groups, groups.prompt);
  const tail = readTail(groups.tail ?? '');
  const indexText = groups.imageIndex ?? groups.legacyUpscaleIndex ?? groups.legacyVariationIndex;
  return {
    prompt: groups.prompt,
    kind,
    ...stageOf(tail),
    index: indexText === undefined ? null : Number(indexText),
    variant: groups.variant ?? null,
    panDirection: (groups.panDirection?.toLowerCase() as ParsedJobContent['panDirection'] | undefined) ?? null,
    userId: groups.userId,
    percent: tail.percent,
    mode: tail.mode,
    stealth: tail.stealth,
  };
}
