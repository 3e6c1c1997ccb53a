/** Routes one bot message to the parser of its kind; the first parser that recognises it wins. */
import { INSIGHT_FACE_APPLICATION_ID, MessageFlags } from '../../discord/protocol/index.js';
import type { DeferredReplyEvent, MessageIdentity, MidjourneyEvent } from '../events.js';
import { isDescribeResult, isShortenResult, parseDescribe, parseShorten } from './describe.js';
import { parseErrorEmbed, parseFailedContent } from './errors.js';
import { isInfoResult, parseInfo } from './info.js';
import { parseFaceResult } from './insight-face.js';
import { parseJobMessage } from './job-message.js';
import { identityOf, type MessageView } from './read.js';
import { parseSeed, parseShow } from './seed.js';
import { isSettingsResult, parsePreference, parseSettings } from './settings.js';

type Source = MessageIdentity['source'];

/** A "thinking…" placeholder (flags 128, nothing in it yet) that a later UPDATE fills in. */
function parseDeferred(view: MessageView, source: Source): DeferredReplyEvent | null {
  const empty = view.content === '' && view.embeds.length === 0 && view.attachments.length === 0;
  return empty && (view.flags & MessageFlags.Loading) !== 0 ? { ...identityOf(view, source), kind: 'deferred' } : null;
}

function parseEmbeds(view: MessageView, source: Source): MidjourneyEvent | null {
  if (view.embeds.length === 0) return null;
  if (isInfoResult(view)) return parseInfo(view, source);
  // Errors before results: a failed /describe also answers the describe command.
  const error = parseErrorEmbed(view, source);
  if (error) return error;
  if (isDescribeResult(view)) return parseDescribe(view, source);
  return isShortenResult(view) ? parseShorten(view, source) : null;
}

function parseText(view: MessageView, source: Source): MidjourneyEvent | null {
  return (
    parseFailedContent(view, source) ??
    parseSeed(view, source) ??
    (isSettingsResult(view) ? parseSettings(view, source) : null) ??
    parsePreference(view, source) ??
    parseShow(view, source)
  );
}

export function parseBotMessage(view: MessageView, source: Source, userId?: string): MidjourneyEvent[] {
  const special =
    parseDeferred(view, source) ??
    (view.authorId === INSIGHT_FACE_APPLICATION_ID
      ? (parseErrorEmbed(view, source) ?? parseFaceResult(view, source))
      : (parseEmbeds(view, source) ?? parseText(view, source)));
  if (special) return [special];
  return view.authorId === INSIGHT_FACE_APPLICATION_ID ? [] : parseJobMessage(view, source, userId);
}
