/**
 * One WebSocket to the gateway: opens it as a browser would, decodes zlib-stream frames into payloads and
 * reports exactly once when it is lost. After close() it reports nothing more.
 */
import WebSocket, { type RawData } from 'ws';
import type { Logger } from '../../lib/logger.js';
import { GATEWAY_QUERY, GatewayOpcode, type GatewayPayload } from '../protocol/index.js';
import { ZlibStreamDecoder } from './zlib-stream.js';

/** How long a closing socket may take to finish its close handshake before it is cut. */
const CLOSE_GRACE_MS = 1000;

export interface GatewaySocketOptions {
  /** Bare origin; the query is appended here. */
  baseUrl: string;
  userAgent: string;
  handshakeTimeoutMs: number;
  /** A socket that opens but never says HELLO is treated as lost. */
  helloTimeoutMs: number;
  logger: Logger;
}

export interface GatewaySocketHandlers {
  onPayload: (payload: GatewayPayload) => void;
  /** `code` is the close code when the server sent one. */
  onLost: (code: number | undefined, reason: string) => void;
}

export class GatewaySocket {
  private readonly ws: WebSocket;
  private readonly decoder: ZlibStreamDecoder;
  private helloTimer: NodeJS.Timeout | undefined;
  private detached = false;

  constructor(options: GatewaySocketOptions, private readonly handlers: GatewaySocketHandlers) {
    this.decoder = new ZlibStreamDecoder((text) => this.onText(text), (error) => this.lose(undefined, `undecodable frame: ${error.message}`));
    // ws ≥ 8.18 knows closeTimeout; its type definitions do not yet.
    const wsOptions: WebSocket.ClientOptions & { closeTimeout: number } = {
      headers: { 'User-Agent': options.userAgent, Origin: 'https://discord.com' },
      perMessageDeflate: false,
      handshakeTimeout: options.handshakeTimeoutMs,
      closeTimeout: CLOSE_GRACE_MS,
    };
    this.ws = new WebSocket(`${options.baseUrl.replace(/\/+$/, '')}/${GATEWAY_QUERY}`, wsOptions);
    this.ws.on('open', () => {
      this.helloTimer = setTimeout(() => this.lose(undefined, 'no HELLO'), options.helloTimeoutMs);
    });
    this.ws.on('message', (data, isBinary) => this.decoder.push(toBuffer(data), isBinary));
    this.ws.on('error', (error) => options.logger.warn({ err: error.message }, 'gateway socket error'));
    this.ws.on('close', (code, reason) => this.lose(code, reason.toString() || 'socket closed'));
  }

  send(payload: GatewayPayload): void {
    if (!this.detached && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(payload));
  }

  /** Detaches and closes; resolves once the socket is really closed. */
  close(code: number): Promise<void> {
    this.detach();
    const closed = new Promise<void>((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) resolve();
      else this.ws.once('close', () => resolve());
    });
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code);
    else if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    return closed;
  }

  private onText(text: string): void {
    let payload: GatewayPayload;
    try {
      payload = JSON.parse(text) as GatewayPayload;
    } catch {
      this.lose(undefined, 'invalid JSON from gateway');
      return;
    }
    if (payload.op === GatewayOpcode.Hello) clearTimeout(this.helloTimer);
    if (!this.detached) this.handlers.onPayload(payload);
  }

  private lose(code: number | undefined, reason: string): void {
    if (this.detached) return;
    this.detach();
    this.handlers.onLost(code, reason);
  }

  private detach(): void {
    this.detached = true;
    clearTimeout(this.helloTimer);
    this.decoder.destroy();
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
