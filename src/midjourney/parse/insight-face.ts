/**
 * InsightFace bot answers, told apart by the command they answer: `/saveid` says the identity was
 * created (text), `/swapid` carries the swapped image; any other answer to them is a failure.
 */
import type { BotErrorEvent, FaceSwapEvent, MessageIdentity } from '../events.js';
import { isImage } from './media.js';
import { identityOf, type MessageView } from './read.js';

const FACE_KINDS: Readonly<Record<string, FaceSwapEvent['kind']>> = {
  saveid: 'face-saved',
  swapid: 'face-swapped',
  // The message context-menu command of the same bot swaps too.
  inswapper: 'face-swapped',
};
const SAVED = /\bcreated\b/i;

export function parseFaceResult(view: MessageView, source: MessageIdentity['source']): FaceSwapEvent | BotErrorEvent | null {
  const kind = view.interactionName ? FACE_KINDS[view.interactionName.toLowerCase()] : undefined;
  if (!kind) return null;
  const image = view.attachments.find(isImage) ?? null;
  if (kind === 'face-swapped' ? image : SAVED.test(view.content)) return { ...identityOf(view, source), kind, image };
  return {
    ...identityOf(view, source),
    kind: 'bot-error',
    title: 'InsightFace',
    description: view.content || 'the bot answered without a result',
    color: null,
    footer: null,
    fatal: true,
    code: 'other',
    buttons: view.buttons,
  };
}
