/** Job messages (imagine, variation, zoom, pan, upscale, video): start W, progress edits, final F. */
import type { JobDoneEvent, JobProgressEvent, JobStartEvent, MessageIdentity } from '../events.js';
import { parseJobContent, type ParsedJobContent } from './content-grammar.js';
import { hashFromButtons, messageHash } from './job-hash.js';
import { isImage, isVideo } from './media.js';
import { identityOf, type MessageView } from './read.js';

function start(identity: MessageIdentity, parsed: ParsedJobContent, view: MessageView): JobStartEvent {
  const event: JobStartEvent = { ...identity, kind: 'job-start', prompt: parsed.prompt, contentKind: parsed.kind };
  // An ephemeral W may carry a Cancel Job button that already names the job.
  const jobHash = hashFromButtons(view.buttons);
  if (jobHash) event.jobHash = jobHash;
  return event;
}

function progress(identity: MessageIdentity, parsed: ParsedJobContent, view: MessageView): JobProgressEvent {
  const preview = view.attachments.find(isImage);
  return {
    ...identity,
    kind: 'job-progress',
    prompt: parsed.prompt,
    contentKind: parsed.kind,
    percent: parsed.status === 'running' ? parsed.percent : null,
    status: parsed.status,
    mode: parsed.mode,
    jobHash: messageHash(preview, view.buttons),
    previewUrl: preview?.url ?? null,
  };
}

function done(identity: MessageIdentity, parsed: ParsedJobContent, view: MessageView): JobDoneEvent | null {
  const images = view.attachments.filter(isImage);
  const video = view.attachments.find(isVideo);
  // A video job may carry only its clip; that clip then stands in as the result media.
  const primary = images[0] ?? video;
  if (!primary) return null;
  const jobHash = messageHash(primary, view.buttons);
  if (!jobHash) return null;
  return {
    ...identity,
    kind: 'job-done',
    prompt: parsed.prompt,
    contentKind: parsed.kind,
    mode: parsed.mode,
    index: parsed.index,
    jobHash,
    image: primary,
    images: images.slice(1),
    videoUrl: video?.url ?? null,
    buttons: view.buttons,
  };
}

/**
 * The job event a bot message carries, or [] when its content is not a job message or, given
 * `userId`, when the mention names another user (channels are shared; their jobs are not ours).
 */
export function parseJobMessage(
  view: MessageView,
  source: MessageIdentity['source'],
  userId?: string,
): (JobStartEvent | JobProgressEvent | JobDoneEvent)[] {
  const parsed = parseJobContent(view.content);
  if (!parsed || (userId !== undefined && parsed.userId !== userId)) return [];
  const identity = identityOf(view, source);
  switch (parsed.stage) {
    case 'start':
      return [start(identity, parsed, view)];
    case 'progress':
      return [progress(identity, parsed, view)];
    case 'final': {
      const event = done(identity, parsed, view);
      return event ? [event] : [];
    }
  }
}
