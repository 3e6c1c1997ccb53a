/**
 * Discord's HTTP API as a browser session of a user account calls it: raw token in Authorization,
 * the same client description as the gateway in X-Super-Properties, and only the endpoints mj-proxy needs.
 */
import type { Dispatcher } from 'undici';
import { silentLogger, type Logger } from '../../lib/logger.js';
import {
  buildSuperProperties,
  DISCORD_EPOCH_MS,
  DEFAULT_LOCALE,
  encodeSuperProperties,
  type ApplicationCommandIndex,
  type AttachmentSlot,
  type AttachmentSlotRequest,
  type Channel,
  type DiscordUser,
  type InteractionAttachmentRef,
  type InteractionRequest,
  type Message,
} from '../protocol/index.js';
import { DiscordApiError } from './errors.js';
import { DEFAULT_RETRY_POLICY, Transport, type RestObserver, type RetryPolicy, type TransportResponse } from './transport.js';

const HTTP_NO_CONTENT = 204;
const MS_PER_DAY = 86_400_000;

/** Turns the absolute upload URL Discord hands out into the one to PUT to (e.g. through a reverse proxy). */
export type UploadUrlRewrite = (uploadUrl: string) => string;

/** Replaces the scheme and host of an upload URL by `base` (an origin, optionally with a path prefix). */
export function rewriteUploadOrigin(base: string): UploadUrlRewrite {
  const prefix = base.replace(/\/+$/, '');
  return (uploadUrl) => {
    const url = new URL(uploadUrl);
    return `${prefix}${url.pathname}${url.search}`;
  };
}

export interface DiscordRestOptions {
  /** e.g. https://discord.com/api/v9 */
  apiBaseUrl: string;
  token: string;
  userAgent?: string;
  locale?: string;
  clientBuildNumber?: number;
  uploadUrlRewrite?: UploadUrlRewrite;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  /** Told about every HTTP exchange (metrics). */
  observer?: RestObserver;
}

export interface UploadFile {
  filename: string;
  bytes: Buffer;
  contentType: string;
}

export type CommandIndexScope = { guildId: string } | { channelId: string };

export interface CreateMessageBody {
  content: string;
  nonce?: string;
  attachments?: InteractionAttachmentRef[];
  [key: string]: unknown;
}

/** One entry of the answer of `POST /attachments/refresh-urls`. */
export interface RefreshedAttachmentUrl {
  original: string;
  refreshed: string;
}

export class DiscordRest {
  private readonly transport: Transport;
  private readonly headers: Record<string, string>;
  private readonly userAgent: string;
  private readonly baseUrl: string;

  constructor(private readonly options: DiscordRestOptions) {
    const { userAgent, locale = DEFAULT_LOCALE, clientBuildNumber } = options;
    const properties = buildSuperProperties({ userAgent, locale, clientBuildNumber });
    this.userAgent = properties.browser_user_agent ?? '';
    this.baseUrl = options.apiBaseUrl.replace(/\/+$/, '');
    this.headers = {
      authorization: options.token,
      'user-agent': this.userAgent,
      'x-super-properties': encodeSuperProperties(properties),
      'x-discord-locale': locale,
      'accept-language': `${locale},en;q=0.9`,
      origin: 'https://discord.com',
    };
    const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.transport = new Transport(retry, options.logger ?? silentLogger, options.observer);
  }

  /**
   * POST /interactions: slash commands, buttons, modal submits. Discord answers 204 and reports the rest over
   * the gateway. Never repeated once it may have arrived (it can start a paid job): see mayHaveReachedDiscord.
   */
  async interact(payload: InteractionRequest): Promise<void> {
    await this.call('POST', '/interactions', payload, HTTP_NO_CONTENT, false);
  }

  /** The three-step upload: ask for slots, PUT the bytes to each slot URL, return refs for `data.attachments`. */
  async uploadAttachments(channelId: string, files: UploadFile[]): Promise<InteractionAttachmentRef[]> {
    const slotRequest: AttachmentSlotRequest = {
      files: files.map((file, index) => ({ filename: file.filename, file_size: file.bytes.length, id: String(index), is_clip: false })),
    };
    const { attachments } = await this.call<{ attachments: AttachmentSlot[] }>(
      'POST', `/channels/${channelId}/attachments`, slotRequest,
    );
    return Promise.all(files.map(async (file, index) => {
      const slot = attachments.find((candidate) => String(candidate.id) === String(index));
      if (!slot) throw new Error(`Discord returned no upload slot for ${file.filename}`);
      await this.put(slot.upload_url, file);
      return { id: String(index), filename: file.filename, uploaded_filename: slot.upload_filename };
    }));
  }

  createMessage(channelId: string, body: CreateMessageBody): Promise<Message> {
    return this.call<Message>('POST', `/channels/${channelId}/messages`, body);
  }

  /** Newest first, as Discord returns them. */
  listMessages(channelId: string, query: { limit: number; before?: string }): Promise<Message[]> {
    const search = new URLSearchParams({ limit: String(query.limit) });
    if (query.before) search.set('before', query.before);
    return this.call<Message[]>('GET', `/channels/${channelId}/messages?${search.toString()}`);
  }

  getCommandIndex(scope: CommandIndexScope): Promise<ApplicationCommandIndex> {
    const path = 'guildId' in scope ? `/guilds/${scope.guildId}` : `/channels/${scope.channelId}`;
    return this.call<ApplicationCommandIndex>('GET', `${path}/application-command-index`);
  }

  createDmChannel(recipientId: string): Promise<Channel> {
    return this.call<Channel>('POST', '/users/@me/channels', { recipients: [recipientId] });
  }

  async addReaction(channelId: string, messageId: string, emoji: string): Promise<void> {
    const path = `/channels/${channelId}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}/%40me?location=Message&type=0`;
    await this.call('PUT', path, undefined, HTTP_NO_CONTENT);
  }

  /** Marks a message read, as the client does when it shows it. */
  async ackMessage(channelId: string, messageId: string): Promise<void> {
    // last_viewed counts days since the Discord epoch.
    const lastViewed = Math.floor((Date.now() - DISCORD_EPOCH_MS) / MS_PER_DAY);
    await this.call('POST', `/channels/${channelId}/messages/${messageId}/ack`, { token: null, last_viewed: lastViewed });
  }

  /** The Midjourney activity's Vary (Region) submit, outside discord.com; answers whatever the activity says. Starts a job: never repeated once sent. */
  async submitActivityJob(activityBaseUrl: string, body: Record<string, unknown>): Promise<unknown> {
    const url = `${activityBaseUrl.replace(/\/+$/, '')}/inpaint/api/submit-job`;
    const response = await this.transport.send({
      method: 'POST',
      url,
      route: `POST ${new URL(url).host}/inpaint/api/submit-job`,
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      idempotent: false,
    });
    return decodeBody(response);
  }

  /** Fresh signed links for attachment URLs (expired ones included); Discord takes at most 50 per call. */
  async refreshAttachmentUrls(urls: readonly string[]): Promise<RefreshedAttachmentUrl[]> {
    const answer = await this.call<{ refreshed_urls?: RefreshedAttachmentUrl[] }>('POST', '/attachments/refresh-urls', { attachment_urls: urls });
    return answer.refreshed_urls ?? [];
  }

  getMe(): Promise<DiscordUser> {
    return this.call<DiscordUser>('GET', '/users/@me');
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  private async call<T = unknown>(method: Dispatcher.HttpMethod, path: string, body?: unknown, expectStatus?: number, idempotent = true): Promise<T> {
    const route = routeOf(method, path);
    const headers = body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json' };
    const response = await this.transport.send({
      method,
      url: `${this.baseUrl}${path}`,
      route,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      idempotent,
    });
    if (expectStatus !== undefined && response.status !== expectStatus) {
      throw new DiscordApiError(response.status, { message: `expected HTTP ${expectStatus}` }, method, route);
    }
    return decodeBody(response) as T;
  }

  /** The upload host is not Discord: no Authorization, just the bytes. */
  private async put(uploadUrl: string, file: UploadFile): Promise<void> {
    const url = this.options.uploadUrlRewrite ? this.options.uploadUrlRewrite(uploadUrl) : uploadUrl;
    await this.transport.send({
      method: 'PUT',
      url,
      // The query holds a signed upload id: keep it out of errors and logs.
      route: `PUT ${new URL(url).host} upload`,
      headers: { 'user-agent': this.userAgent, 'content-type': file.contentType },
      body: file.bytes,
    });
  }
}

/**
 * The rate-limit bucket of a request: ids after channels/guilds (Discord's "major" parameters) stay,
 * other ids and emoji collapse, the query goes.
 */
export function routeOf(method: string, path: string): string {
  const segments = (path.split('?')[0] ?? '').split('/');
  const shaped = segments.map((segment, index) => {
    const previous = segments[index - 1];
    if (previous === 'reactions') return ':emoji';
    if (/^\d+$/.test(segment) && previous !== 'channels' && previous !== 'guilds') return ':id';
    return segment;
  });
  return `${method} ${shaped.join('/')}`;
}

function decodeBody(response: TransportResponse): unknown {
  if (response.body.length === 0) return undefined;
  const text = response.body.toString('utf8');
  const type = String(response.headers['content-type'] ?? '');
  if (!type.includes('json')) return text;
  return JSON.parse(text) as unknown;
}
