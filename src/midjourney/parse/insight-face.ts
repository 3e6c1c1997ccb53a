/** InsightFace bot answers: a saved identity or a swapped face, told apart by the command they answer. */
import type { FaceSwapEvent, MessageIdentity } from '../events.js';
import { isImage } from './media.js';
import { identityOf, type MessageView } from './read.js';

const FACE_KINDS: Readonly<Record<string, FaceSwapEvent['kind']>> = {
  saveid: 'face-saved',
  swapid: 'face-swapped',
  // The message context-menu command of the same bot swaps too.
  inswapper: 'face-swapped',
};

/** The face event of an InsightFace answer with an image, else null. */
export function parseFaceResult(view: MessageView, source: MessageIdentity['source']): FaceSwapEvent | null {
  const kind = view.interactionName ? FACE_KINDS[view.interactionName.toLowerCase()] : undefined;
  const image = view.attachments.find(isImage);
  return kind && image ? { ...identityOf(view, source), kind, image } : null;
}
