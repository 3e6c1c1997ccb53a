/** Readable names for Midjourney's buttons that show only an emoji (pan arrows, reroll, prompt picks). */
const NAMED_IDS: [RegExp, string][] = [
  [/::reroll::/, 'Reroll'],
  [/::pan_left::/, 'Pan left'],
  [/::pan_right::/, 'Pan right'],
  [/::pan_up::/, 'Pan up'],
  [/::pan_down::/, 'Pan down'],
  [/^MJ::BOOKMARK::/, 'Bookmark'],
  [/^MJ::Picread::Retry/, 'Describe again'],
];
const PROMPT_PICK = /^MJ::Job::(?:PicReader|PromptAnalyzer)::(\d+)$/;

export function buttonName(button: { customId: string; label: string; emoji: string }): string {
  if (button.label) return button.label;
  const pick = PROMPT_PICK.exec(button.customId)?.[1];
  if (pick) return `Prompt ${pick}`;
  return NAMED_IDS.find(([pattern]) => pattern.test(button.customId))?.[1] ?? (button.emoji || button.customId);
}

export type ModalKind = 'region' | 'zoom' | 'prompt';

/** Which in-page form answers the modal a button opened (code 21). */
export function modalKindOf(customId: string): ModalKind {
  if (customId.startsWith('MJ::Inpaint::')) return 'region';
  if (customId.startsWith('MJ::CustomZoom::')) return 'zoom';
  return 'prompt';
}

/** Unicode emoji are shown; a custom emoji arrives as its name (`upscale_1`), which means nothing to a reader. */
export const shownEmoji = (emoji: string): string => (/[^\x20-\x7e]/.test(emoji) ? emoji : '');
