/**
 * How Midjourney reads a prompt (DISCORD.md §4.1): leading image links become s.mj.run short links,
 * parameters are checked and normalised (`--v 7` → `--v 7.0`), `--fast/--relax/--turbo` are stripped
 * and pick the job's mode. The result's `echo` is the text every message of the job repeats.
 */
import { shortLinkCode } from './hash.js';

export type JobMode = 'fast' | 'relax' | 'turbo';

export interface ModelVersion {
  niji: boolean;
  value: number;
}

export interface AspectRatio {
  w: number;
  h: number;
}

export interface ParsedPrompt {
  echo: string;
  /** The words of the prompt without links and parameters. */
  text: string;
  links: string[];
  mode?: JobMode;
  aspect: AspectRatio;
  seed?: number;
  version: ModelVersion;
  zoom?: number;
  /** `--video`: the job animates its start image instead of drawing a grid. */
  video?: boolean;
}

export interface PromptProblem {
  title: 'Empty prompt' | 'Invalid parameter';
  description: string;
}

export interface PromptRules {
  defaultVersion: ModelVersion;
  /** Only a Custom Zoom modal accepts `--zoom`. */
  allowZoom?: boolean;
}

type ValueRule = 'flag' | 'text' | 'optional' | { min: number; max: number; integer?: boolean } | readonly string[];

interface ParamSpec {
  canonical: string;
  value: ValueRule;
}

const MAX_SEED = 4294967295;
const SHORT_LINK_HOST = 'https://s.mj.run/';
const MJ_VERSIONS = ['1', '2', '3', '4', '5', '5.0', '5.1', '5.2', '6', '6.0', '6.1', '7', '7.0'];
const NIJI_VERSIONS = ['4', '5', '6', '7'];
const DEFAULT_NIJI_VERSION = 6;
const MODE_FLAGS: Record<string, JobMode> = { fast: 'fast', relax: 'relax', turbo: 'turbo' };

const PARAMS: Record<string, ParamSpec> = {};
function define(names: string[], value: ValueRule): void {
  const canonical = names[0] ?? '';
  for (const name of names) PARAMS[name] = { canonical, value };
}
define(['ar', 'aspect'], 'text');
define(['v', 'version'], MJ_VERSIONS);
define(['niji'], 'optional');
define(['q', 'quality'], { min: 0.25, max: 4 });
define(['s', 'stylize'], { min: 0, max: 1000, integer: true });
define(['c', 'chaos'], { min: 0, max: 100, integer: true });
define(['seed'], { min: 0, max: MAX_SEED, integer: true });
define(['sameseed'], { min: 0, max: MAX_SEED, integer: true });
define(['stop'], { min: 10, max: 100, integer: true });
define(['w', 'weird'], { min: 0, max: 3000, integer: true });
define(['r', 'repeat'], { min: 1, max: 40, integer: true });
define(['iw'], { min: 0, max: 3 });
define(['sw'], { min: 0, max: 1000, integer: true });
define(['cw'], { min: 0, max: 100, integer: true });
define(['bs'], { min: 1, max: 4, integer: true });
for (const name of ['style', 'no', 'sref', 'cref', 'sv', 'exp', 'end']) define([name], 'text');
define(['p', 'personalize'], 'optional');
define(['video'], 'optional');
define(['motion'], ['low', 'high']);
for (const flag of ['tile', 'draft', 'raw', 'hd', 'test', 'testp', 'uplight', 'upbeta', 'loop', 'relax', 'fast', 'turbo']) define([flag], 'flag');
define(['zoom'], { min: 1, max: 2 });

const LINK = /^<?(https?:\/\/\S+?)>?$/;
const PARAM = /^--([a-z]+)$/i;
const RATIO = /^(\d+):(\d+)$/;

interface RawParam {
  name: string;
  words: string[];
}

export function parsePrompt(raw: string, rules: PromptRules): ParsedPrompt | PromptProblem {
  // Phones turn "--" into an em dash; Midjourney accepts both.
  const tokens = raw.replace(/\u2014/g, '--').split(/\s+/).filter((token) => token.length > 0);
  const links: string[] = [];
  while (tokens.length > 0 && LINK.test(tokens[0] ?? '')) links.push(shortLink(tokens.shift() ?? ''));
  const words: string[] = [];
  const raws: RawParam[] = [];
  for (const token of tokens) {
    const param = PARAM.exec(token);
    if (param) raws.push({ name: (param[1] ?? '').toLowerCase(), words: [] });
    else (raws.at(-1)?.words ?? words).push(token);
  }
  const text = words.join(' ');
  if (text.length === 0 && links.length < 2) {
    return { title: 'Empty prompt', description: 'Your prompt is empty. Describe what you want to see, or give two image links.' };
  }
  const result: ParsedPrompt = { echo: '', text, links, aspect: { w: 1, h: 1 }, version: rules.defaultVersion };
  const echoed: string[] = [];
  for (const param of raws) {
    const problem = applyParam(param, rules, result, echoed);
    if (problem) return { title: 'Invalid parameter', description: problem };
  }
  result.echo = [...links, text, ...echoed].filter((part) => part.length > 0).join(' ');
  return result;
}

/** A normalised echo without some parameters and their values (`--motion high`, `--video 1`). */
export function withoutParams(echo: string, names: readonly string[]): string {
  const kept: string[] = [];
  let skipping = false;
  for (const token of echo.split(' ').filter((part) => part.length > 0)) {
    const param = PARAM.exec(token);
    if (param) skipping = names.includes((param[1] ?? '').toLowerCase());
    if (!skipping) kept.push(token);
  }
  return kept.join(' ');
}

export function isPromptProblem(value: ParsedPrompt | PromptProblem): value is PromptProblem {
  return 'title' in value;
}

/** Applies one parameter to the result; returns a problem description when it is invalid. */
function applyParam(param: RawParam, rules: PromptRules, result: ParsedPrompt, echoed: string[]): string | undefined {
  const spec = PARAMS[param.name];
  if (!spec || (spec.canonical === 'zoom' && !rules.allowZoom)) return `Unrecognized parameter(s): \`--${param.name}\``;
  const value = checkValue(spec.value, param.words.join(' '));
  if (value === undefined) return `Invalid value for \`--${param.name}\`: \`${param.words.join(' ')}\``;
  const mode = MODE_FLAGS[spec.canonical];
  if (mode) {
    result.mode = mode;
    return undefined;
  }
  let shown = value;
  switch (spec.canonical) {
    case 'ar': {
      const ratio = RATIO.exec(value);
      const w = Number(ratio?.[1]);
      const h = Number(ratio?.[2]);
      if (!ratio || w <= 0 || h <= 0) return `Invalid aspect ratio: \`${value}\``;
      result.aspect = { w, h };
      break;
    }
    case 'v':
      shown = value.includes('.') ? value : `${value}.0`;
      result.version = { niji: false, value: Number(value) };
      break;
    case 'niji':
      if (value !== '' && !NIJI_VERSIONS.includes(value)) return `Invalid value for \`--niji\`: \`${value}\``;
      result.version = { niji: true, value: value === '' ? DEFAULT_NIJI_VERSION : Number(value) };
      break;
    case 'seed':
      result.seed = Number(value);
      break;
    case 'zoom':
      result.zoom = Number(value);
      break;
    case 'video':
      result.video = true;
      break;
  }
  echoed.push(shown === '' ? `--${spec.canonical}` : `--${spec.canonical} ${shown}`);
  return undefined;
}

function checkValue(rule: ValueRule, value: string): string | undefined {
  if (rule === 'flag') return value === '' ? '' : undefined;
  if (rule === 'optional') return value;
  if (rule === 'text') return value === '' ? undefined : value;
  if (!('min' in rule)) return rule.includes(value) ? value : undefined;
  const range = rule;
  const number = Number(value);
  if (value === '' || !Number.isFinite(number) || number < range.min || number > range.max) return undefined;
  if (range.integer && !Number.isInteger(number)) return undefined;
  return value;
}

function shortLink(token: string): string {
  const url = LINK.exec(token)?.[1] ?? token;
  if (url.startsWith(SHORT_LINK_HOST)) return `<${url}>`;
  return `<${SHORT_LINK_HOST}${shortLinkCode(url)}>`;
}

/** The short link Midjourney shows for an uploaded image (blend inputs). */
export function shortLinkForBytes(bytes: Buffer): string {
  return `<${SHORT_LINK_HOST}${shortLinkCode(bytes)}>`;
}

/** The first banned word or phrase found in the prompt text (whole words, any case). */
export function findBannedWord(text: string, banned: readonly string[]): string | undefined {
  const lower = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return banned.find((word) => {
    const needle = word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    return needle.length > 0 && lower.includes(` ${needle} `);
  });
}

const MAX_STEM_LENGTH = 60;

/** `<username>_<prompt slug>` as Midjourney names result files: non-alphanumerics collapse to `_`. */
export function fileStem(username: string, text: string): string {
  const clean = (value: string) => value.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const user = clean(username) || 'user';
  const stem = [user, clean(text)].filter((part) => part.length > 0).join('_');
  return stem.slice(0, MAX_STEM_LENGTH).replace(/_+$/, '');
}
