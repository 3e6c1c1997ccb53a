/**
 * The one place where untrusted gateway JSON becomes typed data. Every accessor tolerates any
 * shape, so the parsers built on top can never throw on malformed input.
 */
import { ButtonStyle, ComponentType } from '../../discord/protocol/index.js';
import type { ImageInfo, MessageIdentity, ParsedButton, ParsedSelect } from '../events.js';

export type JsonRecord = Record<string, unknown>;

export const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Snowflakes and nonces are strings, but a sloppy producer may send numbers. */
export const idOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

export const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const records = (value: unknown): JsonRecord[] => list(value).filter(isRecord);

export interface EmbedView {
  title: string;
  description: string;
  color: number | null;
  footer: string | null;
  imageUrl: string | null;
}

/** The fields of a Discord message the parsers use, already validated. */
export interface MessageView {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  type: number;
  flags: number;
  content: string;
  nonce?: string;
  interactionId?: string;
  interactionName?: string;
  /** The user who ran the interaction this message answers. */
  interactionUserId?: string;
  referencedMessageId?: string;
  attachments: ImageInfo[];
  embeds: EmbedView[];
  buttons: ParsedButton[];
  selects: ParsedSelect[];
}

function readAttachment(raw: JsonRecord): ImageInfo | undefined {
  const url = str(raw.url);
  if (!url) return undefined;
  return {
    url,
    proxyUrl: str(raw.proxy_url) ?? null,
    width: num(raw.width) ?? null,
    height: num(raw.height) ?? null,
    filename: str(raw.filename) ?? '',
    contentType: str(raw.content_type) ?? null,
  };
}

function readEmbed(raw: JsonRecord): EmbedView {
  const footer = isRecord(raw.footer) ? str(raw.footer.text) : undefined;
  const image = isRecord(raw.image) ? str(raw.image.url) : undefined;
  return {
    title: str(raw.title) ?? '',
    description: str(raw.description) ?? '',
    color: num(raw.color) ?? null,
    footer: footer ?? null,
    imageUrl: image ?? null,
  };
}

/** Buttons of all action rows in order; link buttons (no custom_id) and selects are left out. */
export function flattenButtons(components: unknown): ParsedButton[] {
  const buttons: ParsedButton[] = [];
  for (const row of records(components)) {
    for (const child of records(row.components)) {
      const customId = str(child.custom_id);
      if (child.type !== ComponentType.Button || !customId) continue;
      buttons.push({
        customId,
        emoji: (isRecord(child.emoji) ? str(child.emoji.name) : undefined) ?? '',
        label: str(child.label) ?? '',
        type: ComponentType.Button,
        style: num(child.style) ?? ButtonStyle.Secondary,
      });
    }
  }
  return buttons;
}

/** Select menus of all action rows (the /settings version menu). */
export function flattenSelects(components: unknown): ParsedSelect[] {
  return records(components).flatMap((row) => records(row.components)).flatMap((child) => {
    const customId = str(child.custom_id);
    if (child.type !== ComponentType.StringSelect || !customId) return [];
    const options = records(child.options).flatMap((option) => {
      const value = str(option.value);
      return value === undefined ? [] : [{ value, label: str(option.label) ?? value, default: option.default === true }];
    });
    return [{ customId, options }];
  });
}

function readInteraction(d: JsonRecord): Pick<MessageView, 'interactionId' | 'interactionName' | 'interactionUserId'> {
  // interaction_metadata is the current field; `interaction` is deprecated but still sent.
  const meta = isRecord(d.interaction_metadata) ? d.interaction_metadata : undefined;
  const legacy = isRecord(d.interaction) ? d.interaction : undefined;
  const userOf = (source: JsonRecord | undefined): string | undefined =>
    source && isRecord(source.user) ? idOf(source.user.id) : undefined;
  return {
    interactionId: idOf(meta?.id) ?? idOf(legacy?.id),
    interactionName: str(meta?.name) ?? str(legacy?.name),
    interactionUserId: userOf(meta) ?? userOf(legacy),
  };
}

/** A MESSAGE_CREATE / MESSAGE_UPDATE payload, or undefined when the essentials are missing. */
export function readMessage(d: unknown): MessageView | undefined {
  if (!isRecord(d) || !isRecord(d.author)) return undefined;
  const id = idOf(d.id);
  const channelId = idOf(d.channel_id);
  const authorId = idOf(d.author.id);
  if (!id || !channelId || !authorId) return undefined;
  const reference = isRecord(d.message_reference) ? idOf(d.message_reference.message_id) : undefined;
  return {
    id,
    channelId,
    guildId: idOf(d.guild_id) ?? null,
    authorId,
    type: num(d.type) ?? 0,
    flags: num(d.flags) ?? 0,
    content: str(d.content) ?? '',
    nonce: idOf(d.nonce),
    ...readInteraction(d),
    referencedMessageId: reference,
    attachments: records(d.attachments).flatMap((raw) => readAttachment(raw) ?? []),
    embeds: records(d.embeds).map(readEmbed),
    buttons: flattenButtons(d.components),
    selects: flattenSelects(d.components),
  };
}

/** The identity block every message-derived event starts with (absent optionals left out). */
export function identityOf(view: MessageView, source: MessageIdentity['source']): MessageIdentity {
  const identity: MessageIdentity = {
    source,
    messageId: view.id,
    channelId: view.channelId,
    applicationId: view.authorId,
    flags: view.flags,
    content: view.content,
  };
  if (view.nonce !== undefined) identity.nonce = view.nonce;
  if (view.interactionId !== undefined) identity.interactionId = view.interactionId;
  if (view.interactionName !== undefined) identity.interactionName = view.interactionName;
  if (view.referencedMessageId !== undefined) identity.referencedMessageId = view.referencedMessageId;
  return identity;
}
