/** The components the bot puts under its messages (DISCORD.md §4.2, §4.4, §4.10, §4.11, §4.13, §4.15). */
import {
  ButtonStyle,
  ComponentType,
  type ActionRow,
  type ButtonComponent,
  type Emoji,
  type SelectComponent,
} from '../../discord/protocol/index.js';
import type { AccountState } from './account-state.js';
import type { Job } from './job.js';
import type { ModelVersion } from './prompt.js';

const DIGITS = ['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣'];
const UPSCALE_EMOJI: Emoji = { name: 'upscale_1', id: '940147353879478324' };
const WEB_BASE = 'https://www.midjourney.com/jobs/';
const FIRST_VIDEO_VERSION = 7;
const FIRST_SUBTLE_VERSION = 6;
const V61 = 6.1;

export const SHOW_DETAILS_ID = 'MJ::Job::PromptAnalyzer::ShowDetails';

interface ButtonSpec {
  label?: string;
  emoji?: string | Emoji;
  style?: ButtonStyle;
}

function button(customId: string, spec: ButtonSpec): ButtonComponent {
  const emoji = typeof spec.emoji === 'string' ? { name: spec.emoji } : spec.emoji;
  return {
    type: ComponentType.Button,
    style: spec.style ?? ButtonStyle.Secondary,
    ...(spec.label ? { label: spec.label } : {}),
    ...(emoji ? { emoji } : {}),
    custom_id: customId,
  };
}

const row = (components: ButtonComponent[]): ActionRow => ({ type: ComponentType.ActionRow, components });
const indexes = [1, 2, 3, 4];

export function gridRows(jobId: string): ActionRow[] {
  return [
    row([
      ...indexes.map((i) => button(`MJ::JOB::upsample::${i}::${jobId}`, { label: `U${i}` })),
      button(`MJ::JOB::reroll::0::${jobId}::SOLO`, { emoji: '🔄' }),
    ]),
    row(indexes.map((i) => button(`MJ::JOB::variation::${i}::${jobId}`, { label: `V${i}` }))),
  ];
}

/** Upscale button codes and the word the result shows, "Upscaled (<word>) by". */
export const UPSCALE_WORDS: Record<string, string> = {
  v5_2x: '2x',
  v5_4x: '4x',
  v6_2x_subtle: 'Subtle',
  v6_2x_creative: 'Creative',
  v6r1_2x_subtle: 'Subtle',
  v6r1_2x_creative: 'Creative',
  v7_2x_subtle: 'Subtle',
  v7_2x_creative: 'Creative',
};

function upscaleCodes(version: ModelVersion): string[] {
  const family = version.niji ? nijiFamily(version.value) : mjFamily(version.value);
  return family === 'v5' ? ['v5_2x', 'v5_4x'] : [`${family}_2x_subtle`, `${family}_2x_creative`];
}

function mjFamily(value: number): string {
  if (value >= FIRST_VIDEO_VERSION) return 'v7';
  if (value >= V61) return 'v6r1';
  return value >= FIRST_SUBTLE_VERSION ? 'v6' : 'v5';
}

function nijiFamily(value: number): string {
  if (value >= FIRST_VIDEO_VERSION) return 'v7';
  return value >= FIRST_SUBTLE_VERSION ? 'v6' : 'v5';
}

/** Buttons under a single image: U1–U4 results get upscale buttons, HD upscales do not. */
export function soloRows(job: Job, withUpscale: boolean): ActionRow[] {
  const id = job.id;
  const upscales = withUpscale
    ? upscaleCodes(job.prompt.version).map((code) =>
        button(`MJ::JOB::upsample_${code}::1::${id}::SOLO`, { label: `Upscale (${UPSCALE_WORDS[code] ?? code})`, emoji: UPSCALE_EMOJI }))
    : [];
  const square = job.prompt.aspect.w === job.prompt.aspect.h;
  const video = job.prompt.version.value >= FIRST_VIDEO_VERSION;
  return [
    row([
      ...upscales,
      button(`MJ::JOB::low_variation::1::${id}::SOLO`, { label: 'Vary (Subtle)', emoji: '🪄' }),
      button(`MJ::JOB::high_variation::1::${id}::SOLO`, { label: 'Vary (Strong)', emoji: '🪄' }),
      button(`MJ::Inpaint::1::${id}::SOLO`, { label: 'Vary (Region)', emoji: '🖌️' }),
    ]),
    row([
      button(`MJ::Outpaint::50::1::${id}::SOLO`, { label: 'Zoom Out 2x', emoji: '🔍' }),
      button(`MJ::Outpaint::75::1::${id}::SOLO`, { label: 'Zoom Out 1.5x', emoji: '🔍' }),
      button(`MJ::CustomZoom::${id}`, { label: 'Custom Zoom', emoji: '🔍' }),
      ...(square ? [] : [button(`MJ::Outpaint::100::1::${id}::SOLO`, { label: 'Make Square', emoji: '↔️' })]),
    ]),
    row([
      button(`MJ::JOB::pan_left::1::${id}::SOLO`, { emoji: '⬅️' }),
      button(`MJ::JOB::pan_right::1::${id}::SOLO`, { emoji: '➡️' }),
      button(`MJ::JOB::pan_up::1::${id}::SOLO`, { emoji: '⬆️' }),
      button(`MJ::JOB::pan_down::1::${id}::SOLO`, { emoji: '⬇️' }),
    ]),
    row([
      ...(video
        ? [
            button(`MJ::JOB::animate_high::1::${id}::SOLO`, { label: 'Animate (High motion)', emoji: '🎞️' }),
            button(`MJ::JOB::animate_low::1::${id}::SOLO`, { label: 'Animate (Low motion)', emoji: '🎞️' }),
          ]
        : []),
      ...bookmarkAndWeb(id),
    ]),
  ];
}

function bookmarkAndWeb(id: string): ButtonComponent[] {
  return [
    button(`MJ::BOOKMARK::${id}`, { emoji: '❤️' }),
    { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Web', url: `${WEB_BASE}${id}` },
  ];
}

/**
 * Buttons under a video (DISCORD.md §4.15): Extend (High/Low motion) and, unless the clip is itself
 * an upscale, its Upscale; then ❤️ + Web. One clip per video job, so the index is always 1. The
 * labels are ours [inf]: DISCORD.md only gives the custom_ids.
 */
export function videoRows(jobId: string, withUpscale: boolean): ActionRow[] {
  return [
    row([
      button(`MJ::JOB::animate_high_extend::1::${jobId}`, { label: 'Extend (High motion)', emoji: '🎞️' }),
      button(`MJ::JOB::animate_low_extend::1::${jobId}`, { label: 'Extend (Low motion)', emoji: '🎞️' }),
      ...(withUpscale ? [button(`MJ::JOB::video_virtual_upscale::1::${jobId}`, { label: 'Upscale', emoji: UPSCALE_EMOJI })] : []),
    ]),
    row(bookmarkAndWeb(jobId)),
  ];
}

export function cancelRows(jobId: string): ActionRow[] {
  return [row([button(`MJ::CancelJob::ByJobid::${jobId}`, { label: 'Cancel Job', style: ButtonStyle.Danger })])];
}

export function describeRows(): ActionRow[] {
  return [
    row([
      ...indexes.map((i) => button(`MJ::Job::PicReader::${i}`, { emoji: DIGITS[i - 1] ?? '' })),
      button('MJ::Picread::Retry', { emoji: '🔄' }),
    ]),
    row([button('MJ::Job::PicReader::all', { label: 'Imagine all', emoji: '🎉' })]),
  ];
}

export function shortenRows(count: number, withDetails: boolean): ActionRow[] {
  const picks = DIGITS.slice(0, count).map((digit, i) => button(`MJ::Job::PromptAnalyzer::${i + 1}`, { emoji: digit }));
  return withDetails ? [row(picks), row([button(SHOW_DETAILS_ID, { label: 'Show Details' })])] : [row(picks)];
}

export function appealRows(jobId: string): ActionRow[] {
  return [row([button(`MJ::Prompts::Appeal::${jobId}`, { label: 'Appeal', style: ButtonStyle.Primary })])];
}

export function acknowledgeRows(jobId: string): ActionRow[] {
  return [row([button(`MJ::Prompts::Acknowledge::${jobId}`, { label: 'Acknowledge', style: ButtonStyle.Primary })])];
}

/** /settings panel: style 3 (green) marks what is on, as erictik and trueai read it. */
/** The models of the /settings version menu: value → label. */
const MJ_VERSIONS: [string, string][] = [['7', 'Midjourney Model V7'], ['6.1', 'Midjourney Model V6.1'], ['6', 'Midjourney Model V6'], ['5.2', 'Midjourney Model V5.2']];
const NIJI_VERSIONS: [string, string][] = [['niji 6', 'Niji Model V6'], ['niji 5', 'Niji Model V5']];
export const VERSION_SELECTOR_ID = 'MJ::Settings::VersionSelector';

export const versionValues = (niji: boolean): string[] => (niji ? NIJI_VERSIONS : MJ_VERSIONS).map(([value]) => value);

function versionMenu(niji: boolean, picked: string): SelectComponent {
  return {
    type: ComponentType.StringSelect,
    custom_id: VERSION_SELECTOR_ID,
    options: (niji ? NIJI_VERSIONS : MJ_VERSIONS).map(([value, label]) => ({ label, value, default: value === picked })),
  };
}

/** The /settings panel: the version menu, then toggles (green = on). */
export function settingsRows(state: AccountState, niji: boolean): ActionRow[] {
  const toggle = (customId: string, label: string, on: boolean) =>
    button(customId, { label, style: on ? ButtonStyle.Success : ButtonStyle.Secondary });
  return [
    { type: ComponentType.ActionRow, components: [versionMenu(niji, state.version)] },
    row([
      toggle('MJ::Settings::RemixMode', 'Remix mode', state.remix),
      toggle('MJ::Settings::HighVariabilityMode::1', 'High Variability Mode', state.highVariability),
      toggle('MJ::Settings::HighVariabilityMode::0', 'Low Variability Mode', !state.highVariability),
    ]),
    row([
      toggle('MJ::Settings::TurboMode::on', 'Turbo mode', state.mode === 'turbo'),
      toggle('MJ::Settings::FastMode::on', 'Fast mode', state.mode === 'fast'),
      toggle('MJ::Settings::RelaxMode::on', 'Relax mode', state.mode === 'relax'),
    ]),
    row([
      toggle('MJ::Settings::StealthMode::on', 'Stealth mode', state.stealth),
      toggle('MJ::Settings::PublicMode::on', 'Public mode', !state.stealth),
      button('MJ::Settings::Reset', { label: 'Reset Settings' }),
    ]),
  ];
}

/** Every custom_id carried by a message's buttons and selects. */
export function customIdsOf(rows: readonly ActionRow[]): string[] {
  return rows.flatMap((r) => r.components).flatMap((c) => ('custom_id' in c && c.custom_id ? [c.custom_id] : []));
}
