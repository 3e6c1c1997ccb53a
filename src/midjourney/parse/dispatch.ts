/** The single entry point from the gateway into the pure parser. */
import { GatewayDispatch } from '../../discord/protocol/index.js';
import type { MidjourneyEvent } from '../events.js';
import { parseBotMessage } from './bot-message.js';
import { parseIframeModal, parseLifecycle, parseMessageDelete, parseModal } from './interactions.js';
import { readMessage } from './read.js';

export interface ParseContext {
  /** Authors whose messages are parsed (Midjourney, niji・journey, InsightFace). */
  botApplicationIds: ReadonlySet<string>;
  /** The account's own user id: messages answering someone else's interaction are left out. */
  userId?: string;
  /** Told about a parser bug (an exception) instead of letting it reach the gateway loop. */
  onError?: (error: unknown) => void;
}

function parseMessage(d: unknown, source: 'create' | 'update', context: ParseContext): MidjourneyEvent[] {
  const view = readMessage(d);
  if (!view || !context.botApplicationIds.has(view.authorId)) return [];
  const { userId } = context;
  if (userId !== undefined && view.interactionUserId !== undefined && view.interactionUserId !== userId) return [];
  return parseBotMessage(view, source, userId);
}

function parseUnsafe(t: string, d: unknown, context: ParseContext): MidjourneyEvent[] {
  switch (t) {
    case GatewayDispatch.MessageCreate:
      return parseMessage(d, 'create', context);
    case GatewayDispatch.MessageUpdate:
      return parseMessage(d, 'update', context);
    case GatewayDispatch.MessageDelete:
      return parseMessageDelete(d);
    case GatewayDispatch.InteractionCreate:
    case GatewayDispatch.InteractionSuccess:
    case GatewayDispatch.InteractionFailure:
      return parseLifecycle(t, d);
    case GatewayDispatch.InteractionModalCreate:
      return parseModal(d);
    case GatewayDispatch.InteractionIframeModalCreate:
      return parseIframeModal(d);
    default:
      return [];
  }
}

/**
 * Turns one gateway dispatch into Midjourney events. Never throws: input that does not have a
 * known shape yields []. The readers are total; the catch only guards the gateway loop against a
 * parser bug, which `onError` reports.
 */
export function parseDispatch(t: string, d: unknown, context: ParseContext): MidjourneyEvent[] {
  try {
    return parseUnsafe(t, d, context);
  } catch (error) {
    context.onError?.(error);
    return [];
  }
}
