/** /describe and /shorten results: one embed whose description lists numbered prompts (DISCORD.md §4.10–§4.11). */
import type { DescribeResultEvent, MessageIdentity, ShortenResultEvent } from '../events.js';
import { numberedLines, splitNumbered } from './numbered.js';
import { identityOf, type MessageView } from './read.js';

const DESCRIBE_BUTTON = /PicReader|Picread/;
const SHORTEN_BUTTON = /PromptAnalyzer/;
const SHORTEN_FOOTER = 'Click on a button to imagine one of the shortened prompts';
const SHORTEN_HEADER = /##\s*Shortened prompts/i;
// The Show Details variant adds token weights `**word** (0.19)` and bar lines `████░░ word`.
const DETAILS_MARKERS = /[█░]|\*\*[^*\n]+\*\* \(\d+\.\d+\)/;

const firstDescription = (view: MessageView): string | undefined =>
  view.embeds.find((embed) => embed.description !== '')?.description;

export function isDescribeResult(view: MessageView): boolean {
  return (
    (view.interactionName === 'describe' || view.buttons.some((b) => DESCRIBE_BUTTON.test(b.customId))) &&
    firstDescription(view) !== undefined
  );
}

export function isShortenResult(view: MessageView): boolean {
  const description = firstDescription(view);
  if (description === undefined) return false;
  return (
    view.interactionName === 'shorten' ||
    view.buttons.some((b) => SHORTEN_BUTTON.test(b.customId)) ||
    view.embeds.some((embed) => embed.footer?.includes(SHORTEN_FOOTER)) ||
    SHORTEN_HEADER.test(description)
  );
}

export function parseDescribe(view: MessageView, source: MessageIdentity['source']): DescribeResultEvent {
  const embed = view.embeds.find((e) => e.description !== '');
  const text = embed?.description ?? '';
  return {
    ...identityOf(view, source),
    kind: 'describe-result',
    text,
    prompts: splitNumbered(text),
    imageUrl: embed?.imageUrl ?? view.embeds.find((e) => e.imageUrl)?.imageUrl ?? null,
    buttons: view.buttons,
  };
}

export function parseShorten(view: MessageView, source: MessageIdentity['source']): ShortenResultEvent {
  const text = firstDescription(view) ?? '';
  // Only the section after the header holds the picks; the analysis above may use keycaps too.
  const header = SHORTEN_HEADER.exec(text);
  const section = header ? text.slice(header.index + header[0].length) : text;
  return {
    ...identityOf(view, source),
    kind: 'shorten-result',
    text,
    prompts: numberedLines(section),
    details: DETAILS_MARKERS.test(text),
    buttons: view.buttons,
  };
}
