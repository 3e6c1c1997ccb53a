/** Non-message dispatches: interaction lifecycle, modals, iframe modals and deletions (DISCORD.md §3.1–§3.2). */
import { ComponentType, GatewayDispatch } from '../../discord/protocol/index.js';
import type { IframeModalEvent, InteractionLifecycleEvent, MessageDeletedEvent, ModalEvent } from '../events.js';
import { idOf, isRecord, num, records, str } from './read.js';

const CAPTCHA_PATH_PREFIX = '/captcha/embedded/';

const LIFECYCLE_KINDS: Readonly<Record<string, InteractionLifecycleEvent['kind']>> = {
  [GatewayDispatch.InteractionCreate]: 'interaction-created',
  [GatewayDispatch.InteractionSuccess]: 'interaction-succeeded',
  [GatewayDispatch.InteractionFailure]: 'interaction-failed',
};

export function parseLifecycle(t: string, d: unknown): InteractionLifecycleEvent[] {
  const kind = LIFECYCLE_KINDS[t];
  const interactionId = isRecord(d) ? idOf(d.id) : undefined;
  if (!kind || !isRecord(d) || !interactionId) return [];
  const event: InteractionLifecycleEvent = { kind, interactionId };
  const nonce = idOf(d.nonce);
  if (nonce !== undefined) event.nonce = nonce;
  const reasonCode = num(d.reason_code);
  if (reasonCode !== undefined) event.reasonCode = reasonCode;
  return [event];
}

/** Fields both modal kinds share, or undefined when one is missing. */
function modalBase(d: unknown): Omit<ModalEvent, 'kind' | 'inputs'> | undefined {
  if (!isRecord(d)) return undefined;
  const interactionId = idOf(d.id);
  const channelId = idOf(d.channel_id);
  const customId = str(d.custom_id);
  const applicationId = isRecord(d.application) ? idOf(d.application.id) : undefined;
  if (!interactionId || !channelId || !customId || !applicationId) return undefined;
  const base: Omit<ModalEvent, 'kind' | 'inputs'> = {
    interactionId,
    channelId,
    applicationId,
    customId,
    title: str(d.title) ?? '',
  };
  const nonce = idOf(d.nonce);
  if (nonce !== undefined) base.nonce = nonce;
  return base;
}

export function parseModal(d: unknown): ModalEvent[] {
  const base = modalBase(d);
  if (!base || !isRecord(d)) return [];
  const inputs = records(d.components)
    .flatMap((row) => records(row.components))
    .filter((child) => child.type === ComponentType.TextInput)
    .flatMap((child) => {
      const customId = str(child.custom_id);
      return customId ? [{ customId, value: str(child.value) ?? '' }] : [];
    });
  return [{ ...base, kind: 'modal', inputs }];
}

export function parseIframeModal(d: unknown): IframeModalEvent[] {
  const base = modalBase(d);
  const iframePath = isRecord(d) ? str(d.iframe_path) : undefined;
  if (!base || iframePath === undefined) return [];
  return [{ ...base, kind: 'iframe-modal', iframePath, captcha: iframePath.startsWith(CAPTCHA_PATH_PREFIX) }];
}

export function parseMessageDelete(d: unknown): MessageDeletedEvent[] {
  const messageId = isRecord(d) ? idOf(d.id) : undefined;
  const channelId = isRecord(d) ? idOf(d.channel_id) : undefined;
  return messageId && channelId ? [{ kind: 'message-deleted', messageId, channelId }] : [];
}
