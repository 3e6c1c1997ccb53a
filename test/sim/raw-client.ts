/**
 * A minimal raw gateway + REST client for simulator tests (ws + fetch, deliberately not our
 * src/discord client): connect, identify, collect every payload, wait for one, call REST.
 */
import zlib from 'node:zlib';
import WebSocket from 'ws';

export interface Payload {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

export interface RawConnectOptions {
  gatewayUrl: string;
  /** Identify with this token (after HELLO unless identifyFirst). Omit to identify/resume by hand. */
  token?: string;
  compress?: boolean;
  /** Send IDENTIFY as soon as the socket opens, before HELLO arrives. */
  identifyFirst?: boolean;
  /** Identify capabilities (16381 = what browser-like clients send). */
  capabilities?: number;
  /** Query string to use instead of `?encoding=json&v=9[&compress=zlib-stream]`. */
  query?: string;
}

export interface RestAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

const DEFAULT_WAIT_MS = 5000;
const ZLIB_SUFFIX = Buffer.from([0x00, 0x00, 0xff, 0xff]);

export class RawGatewayClient {
  /** Every payload received, in order. */
  readonly payloads: Payload[] = [];
  /** Raw binary frames (zlib-stream connections), for framing checks. */
  readonly frames: Buffer[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Inflate failures (a broken zlib stream). */
  readonly errors: Error[] = [];
  private readonly inflate = zlib.createInflate();
  private inflated: Buffer[] = [];
  private inflating = Promise.resolve();
  private listeners: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => {
      this.inflate.close();
      resolve({ code, reason: reason.toString() });
      this.notify();
    }));
    this.inflate.on('data', (chunk: Buffer) => this.inflated.push(chunk));
    this.inflate.on('error', (error) => this.errors.push(error));
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) {
        this.receive(data.toString('utf8'));
        return;
      }
      const frame = Buffer.from(data);
      this.frames.push(frame);
      this.inflating = this.inflating.then(() => this.inflateFrame(frame));
    });
  }

  /** One inflate context per connection, one frame at a time; each frame ends on a sync flush. */
  private inflateFrame(frame: Buffer): Promise<void> {
    return new Promise((resolve) => {
      this.inflate.write(frame);
      this.inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => setImmediate(() => {
        const text = Buffer.concat(this.inflated).toString('utf8');
        this.inflated = [];
        if (text) this.receive(text);
        resolve();
      }));
    });
  }

  static async connect(options: RawConnectOptions): Promise<RawGatewayClient> {
    const query = options.query ?? `?encoding=json&v=9${options.compress ? '&compress=zlib-stream' : ''}`;
    const ws = new WebSocket(`${options.gatewayUrl}/${query}`, { perMessageDeflate: false });
    const client = new RawGatewayClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    if (options.token !== undefined) {
      if (!options.identifyFirst) await client.waitFor((p) => p.op === 10);
      client.identify(options.token, options.capabilities);
    }
    return client;
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Dispatches only (op 0). */
  get dispatches(): Payload[] {
    return this.payloads.filter((p) => p.op === 0);
  }

  get lastSeq(): number | null {
    const seqs = this.dispatches.map((p) => p.s ?? 0);
    return seqs.length ? Math.max(...seqs) : null;
  }

  send(payload: unknown): void {
    this.ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  identify(token: string, capabilities = 16381): void {
    this.send({ op: 2, d: { token, capabilities, properties: { os: 'Linux', browser: 'Chrome', device: '' }, compress: false } });
  }

  resume(token: string, sessionId: string, seq: number | null): void {
    this.send({ op: 6, d: { token, session_id: sessionId, seq } });
  }

  heartbeat(d: unknown = this.lastSeq): void {
    this.send({ op: 1, d });
  }

  /** The first payload (already received, from index `since`, or arriving later) that matches. */
  waitFor(predicate: (payload: Payload) => boolean, options: { since?: number; timeoutMs?: number } = {}): Promise<Payload> {
    const since = options.since ?? 0;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.payloads.slice(since).find(predicate);
        if (found) resolve(found);
        return found !== undefined;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((listener) => listener !== onPayload);
        reject(new Error(`no matching payload in ${options.timeoutMs ?? DEFAULT_WAIT_MS} ms; got ${JSON.stringify(this.payloads.map((p) => p.t ?? p.op))}`));
      }, options.timeoutMs ?? DEFAULT_WAIT_MS);
      const onPayload = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((listener) => listener !== onPayload);
      };
      this.listeners.push(onPayload);
    });
  }

  /** The first dispatch of type `t` (and matching `predicate`). */
  waitForDispatch<T = Record<string, unknown>>(t: string, predicate: (d: T) => boolean = () => true, options: { since?: number; timeoutMs?: number } = {}): Promise<Payload> {
    return this.waitFor((p) => p.op === 0 && p.t === t && predicate(p.d as T), options);
  }

  /** The READY data once it has arrived. */
  async ready(): Promise<{ session_id: string; user: { id: string }; resume_gateway_url: string } & Record<string, unknown>> {
    return (await this.waitForDispatch('READY')).d as never;
  }

  close(code = 1000): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close(code);
    return this.closed;
  }

  terminate(): Promise<{ code: number; reason: string }> {
    this.ws.terminate();
    return this.closed;
  }

  private receive(text: string): void {
    this.payloads.push(JSON.parse(text) as Payload);
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** True when a binary gateway frame ends on the zlib sync-flush marker. */
export function endsWithSyncFlush(frame: Buffer): boolean {
  return frame.length >= ZLIB_SUFFIX.length && frame.subarray(-ZLIB_SUFFIX.length).equals(ZLIB_SUFFIX);
}

/** One REST call with a raw user token; `body` is JSON unless it is a string/FormData/URLSearchParams. */
export async function rest<T = unknown>(apiBaseUrl: string, token: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RestAnswer<T>> {
  const init: RequestInit = { method, headers: { ...(token === undefined ? {} : { authorization: token }), ...headers } };
  if (body instanceof FormData || body instanceof URLSearchParams || typeof body === 'string') init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json', ...init.headers };
  }
  const response = await fetch(apiBaseUrl + path, init);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** A connected, identified client with REST bound to the same account. */
export async function connectRaw(options: RawConnectOptions & { apiBaseUrl: string; token: string }) {
  const client = await RawGatewayClient.connect(options);
  const ready = await client.ready();
  return {
    client,
    ready,
    rest: <T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => rest<T>(options.apiBaseUrl, options.token, method, path, body, headers),
  };
}

/** What connectRaw resolves to: the identified client, its READY and a REST caller for the same account. */
export type RawConnection = Awaited<ReturnType<typeof connectRaw>>;

/** connectRaw to a running simulator (its gateway and API addresses) as the account owning `token`. */
export function connectToSimulator(
  addresses: { gatewayUrl: string; apiBaseUrl: string },
  token: string,
  options: Omit<RawConnectOptions, 'gatewayUrl' | 'token'> = {},
) {
  return connectRaw({ ...options, gatewayUrl: addresses.gatewayUrl, apiBaseUrl: addresses.apiBaseUrl, token });
}
