/** Error, warning and notice embeds (DISCORD.md §4.12) and the plain "Failed to process" content. */
import { EmbedColor } from '../../discord/protocol/index.js';
import type { BotErrorEvent, MessageIdentity } from '../events.js';
import { identityOf, type EmbedView, type MessageView } from './read.js';

type ErrorCode = BotErrorEvent['code'];

/** Title rules in order; the first that matches decides. `fatal` false = the job goes on. */
const TITLE_RULES: { title: RegExp; code: ErrorCode; fatal: boolean }[] = [
  { title: /^Job queued/i, code: 'job-queued', fatal: false },
  { title: /^Queue full/i, code: 'queue-full', fatal: true },
  { title: /^Banned (?:image )?prompt/i, code: 'banned', fatal: true },
  { title: /Invalid|^Empty prompt/i, code: 'invalid', fatal: true },
  { title: /^Action needed to continue/i, code: 'action-needed', fatal: true },
  { title: /^Pending mod message/i, code: 'pending-mod', fatal: true },
  { title: /^Credits exhausted/i, code: 'fast-exhausted', fatal: true },
  {
    title: /^(?:Blocked|Plan Cancelled|Subscription required|Subscription paused|Tos not accepted)/i,
    code: 'account',
    fatal: true,
  },
  {
    title: /^(?:Job action restricted|Request cancelled due to|Sorry! Could not complete the job|Duplicate images detected)/i,
    code: 'other',
    fatal: true,
  },
];
// A non-red "continue …" embed asking to verify you are human is a captcha in disguise.
const VERIFY_HUMAN = /verify you(?:'|’)re human/i;
const WARNING_COLORS: ReadonlySet<number> = new Set([EmbedColor.Warning, EmbedColor.SoftWarning]);
const FAILED_CONTENT = /^Failed to process your command/;

interface Verdict {
  code: ErrorCode;
  fatal: boolean;
}

function classify(embed: EmbedView): Verdict | null {
  const rule = TITLE_RULES.find((r) => r.title.test(embed.title));
  if (rule) return rule;
  if (/continue/i.test(embed.title) && VERIFY_HUMAN.test(embed.description)) return { code: 'captcha', fatal: true };
  if (embed.color === EmbedColor.Error) return { code: 'other', fatal: true };
  if (embed.color !== null && WARNING_COLORS.has(embed.color)) return { code: 'other', fatal: false };
  return null;
}

function event(view: MessageView, source: MessageIdentity['source'], embed: EmbedView | null, verdict: Verdict): BotErrorEvent {
  return {
    ...identityOf(view, source),
    kind: 'bot-error',
    title: embed?.title ?? '',
    description: embed?.description ?? view.content,
    color: embed?.color ?? null,
    footer: embed?.footer ?? null,
    fatal: verdict.fatal,
    code: verdict.code,
    buttons: view.buttons,
  };
}

/** The error event of an embed message, or null when no embed is an error or notice. */
export function parseErrorEmbed(view: MessageView, source: MessageIdentity['source']): BotErrorEvent | null {
  for (const embed of view.embeds) {
    const verdict = classify(embed);
    if (verdict) return event(view, source, embed, verdict);
  }
  return null;
}

export function parseFailedContent(view: MessageView, source: MessageIdentity['source']): BotErrorEvent | null {
  return FAILED_CONTENT.test(view.content) ? event(view, source, null, { code: 'other', fatal: true }) : null;
}
