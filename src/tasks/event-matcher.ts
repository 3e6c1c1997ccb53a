/**
 * Finds the task a Midjourney event belongs to, by identity only: nonce, interaction id, start
 * message id, job hash, then "the reply to the message whose button the task clicked". Prompt
 * text only breaks a tie between such replies, as a last resort, with a warning.
 */
import type { Logger } from '../lib/logger.js';
import type { JobContentKind, MidjourneyEvent } from '../midjourney/events.js';
import type { Correlation } from './correlation.js';
import type { TaskRegistry } from './task-registry.js';
import type { StoredTask, TaskAction } from './task.js';

/** Which task actions can produce a message of this content grammar. */
const ACTIONS_FOR_CONTENT: Record<JobContentKind, readonly TaskAction[]> = {
  imagine: ['IMAGINE', 'REROLL', 'BLEND'],
  variation: ['VARIATION', 'REROLL'],
  pan: ['PAN', 'REROLL'],
  zoom: ['ZOOM', 'REROLL'],
  upscale: ['UPSCALE'],
  'upscale-hd': ['UPSCALE'],
  video: ['VIDEO', 'IMAGINE'],
};

export class EventMatcher {
  constructor(
    private readonly registry: TaskRegistry,
    private readonly correlation: Correlation,
    private readonly logger: Logger,
  ) {}

  find(event: MidjourneyEvent): StoredTask | undefined {
    const id = this.findId(event);
    return id ? this.registry.liveEntry(id) : undefined;
  }

  private findId(event: MidjourneyEvent): string | undefined {
    const c = this.correlation;
    const byNonce = 'nonce' in event ? c.find('nonce', event.nonce) : undefined;
    if (byNonce) return byNonce;
    if ('interactionId' in event) {
      const byInteraction = c.find('interaction', event.interactionId);
      if (byInteraction) return byInteraction;
    }
    if (event.kind === 'message-deleted') return c.find('message', event.messageId);
    if (!('messageId' in event)) return undefined;
    const byMessage = c.find('message', event.messageId);
    if (byMessage) return byMessage;
    const jobHash = 'jobHash' in event ? event.jobHash : null;
    const byHash = c.find('hash', jobHash);
    if (byHash) return byHash;
    // A button result replies to the message whose button made it.
    if ('referencedMessageId' in event && event.referencedMessageId) return this.pick(event, c.awaitingReplyTo(event.referencedMessageId));
    // A final with no identity of its own follows the deletion of its task's start message.
    return event.kind === 'job-done' ? this.pick(event, c.awaitingFinal()) : undefined;
  }

  /** Narrows candidates to those that can produce this message; prompt text only breaks a remaining tie. */
  private pick(event: MidjourneyEvent & { messageId: string; channelId: string }, ids: string[]): string | undefined {
    const contentKind = 'contentKind' in event ? event.contentKind : undefined;
    const index = event.kind === 'job-done' ? event.index : null;
    const candidates = ids
      .map((id) => this.registry.liveEntry(id))
      .filter((entry): entry is StoredTask => entry !== undefined && entry.task.properties.discordChannelId === event.channelId)
      .filter((entry) => !contentKind || ACTIONS_FOR_CONTENT[contentKind].includes(entry.task.action))
      .filter((entry) => index === null || entry.task.action !== 'UPSCALE' || entry.task.properties.index === String(index));
    if (candidates.length <= 1) return candidates[0]?.task.id;
    const prompt = 'prompt' in event ? event.prompt : undefined;
    const samePrompt = candidates.filter((entry) => prompt !== undefined && entry.task.properties.finalPrompt === prompt);
    const chosen = samePrompt[0] ?? candidates[0];
    this.logger.warn(
      { messageId: event.messageId, candidates: candidates.map((entry) => entry.task.id), chosen: chosen?.task.id },
      'several tasks could own this message; prompt text broke the tie',
    );
    return chosen?.task.id;
  }
}
