/**
 * A tiny gateway for error-injection tests: zlib-stream frames, HELLO/IDENTIFY/READY, RESUME with replay,
 * heartbeat ACKs that can be switched off, and hooks to send op 7 / op 9 or close with a code.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { constants, createDeflate, type Deflate } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';
import { GatewayOpcode, type GatewayPayload } from '../../src/discord/protocol/index.js';

/** How long waitForOp waits before it fails the test. */
const WAIT_FOR_OP_MS = 10_000;

export interface FakeSession {
  id: string;
  /** Every dispatch of the session, with its `s`, for replay on resume. */
  sent: GatewayPayload[];
}

export class FakeConnection {
  readonly received: GatewayPayload[] = [];
  /** Switch off to make this one connection a zombie. */
  ackHeartbeats = true;
  session: FakeSession | null = null;
  private readonly deflate: Deflate | null;
  private chunks: Buffer[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly ws: WebSocket, readonly url: string, readonly headers: Record<string, unknown>, compress: boolean, private readonly splitFrames: boolean) {
    this.deflate = compress ? createDeflate() : null;
    this.deflate?.on('data', (chunk: Buffer) => this.chunks.push(chunk));
  }

  send(payload: GatewayPayload): void {
    const json = JSON.stringify(payload);
    const deflate = this.deflate;
    if (!deflate) {
      this.ws.send(json);
      return;
    }
    this.queue = this.queue.then(() => new Promise<void>((resolve) => {
      deflate.write(json);
      deflate.flush(constants.Z_SYNC_FLUSH, () => {
        const bytes = Buffer.concat(this.chunks);
        this.chunks = [];
        if (this.ws.readyState === this.ws.OPEN) {
          // Optionally cut one payload across two frames: the client must buffer until 00 00 ff ff.
          const cut = this.splitFrames ? Math.floor(bytes.length / 2) : 0;
          if (cut > 0) this.ws.send(bytes.subarray(0, cut), { binary: true });
          this.ws.send(bytes.subarray(cut), { binary: true });
        }
        resolve();
      });
    }));
  }

  /** What `send` is asked during `sending` leaves in one write of the socket: a burst that arrives at once. */
  async burst(sending: () => void): Promise<void> {
    const socket = (this.ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    socket.cork();
    sending();
    await this.queue;
    socket.uncork();
  }

  close(code?: number): void {
    this.ws.close(code);
  }
}

export interface FakeGatewayOptions {
  heartbeatIntervalMs?: number;
  token?: string;
  splitFrames?: boolean;
  /** The first N connections never say HELLO. */
  silentConnections?: number;
}

export class FakeGateway {
  readonly connections: FakeConnection[] = [];
  readonly sessions = new Map<string, FakeSession>();
  private counter = 0;

  private constructor(private readonly server: WebSocketServer, readonly url: string, private readonly options: FakeGatewayOptions) {
    server.on('connection', (ws, request) => this.accept(ws, request.url ?? '', request.headers));
  }

  static async start(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    return new FakeGateway(server, `ws://127.0.0.1:${port}`, options);
  }

  get last(): FakeConnection {
    const connection = this.connections.at(-1);
    if (!connection) throw new Error('no connection yet');
    return connection;
  }

  /** Resolves when the n-th connection (1-based) has sent a payload with this opcode (and matching `accept`). */
  /** `connectionNumber` 1-based, or 'any' connection; fails after `timeoutMs` instead of hanging the file. */
  async waitForOp(
    op: GatewayOpcode, connectionNumber: number | 'any', accept: (p: GatewayPayload) => boolean = () => true, timeoutMs = WAIT_FOR_OP_MS,
  ): Promise<GatewayPayload> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pool = connectionNumber === 'any' ? this.connections : this.connections.slice(connectionNumber - 1, connectionNumber);
      const found = pool.flatMap((connection) => connection.received).find((p) => p.op === op && accept(p));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`op ${op} never arrived on connection ${connectionNumber}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Records a dispatch in the session and sends it when a socket of that session is open. */
  dispatch(session: FakeSession, t: string, d: unknown): void {
    const payload: GatewayPayload = { op: GatewayOpcode.Dispatch, t, d, s: session.sent.length + 1 };
    session.sent.push(payload);
    for (const connection of this.connections) {
      if (connection.session === session && connection.ws.readyState === connection.ws.OPEN) connection.send(payload);
    }
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(ws: WebSocket, url: string, headers: Record<string, unknown>): void {
    const connection = new FakeConnection(ws, url, headers, url.includes('compress=zlib-stream'), this.options.splitFrames ?? false);
    this.connections.push(connection);
    ws.on('message', (data) => this.onMessage(connection, JSON.parse(String(data)) as GatewayPayload));
    if (this.connections.length <= (this.options.silentConnections ?? 0)) return;
    connection.send({ op: GatewayOpcode.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 40_000 }, s: null, t: null });
  }

  private onMessage(connection: FakeConnection, payload: GatewayPayload): void {
    connection.received.push(payload);
    const d = payload.d as Record<string, unknown>;
    if (payload.op === GatewayOpcode.Heartbeat && connection.ackHeartbeats) {
      connection.send({ op: GatewayOpcode.HeartbeatAck, d: null, s: null, t: null });
    } else if (payload.op === GatewayOpcode.Identify) {
      if (d.token !== (this.options.token ?? 'user-token')) {
        connection.close(4004);
        return;
      }
      const session: FakeSession = { id: `session-${++this.counter}`, sent: [] };
      this.sessions.set(session.id, session);
      connection.session = session;
      this.dispatch(session, 'READY', {
        v: 9, session_id: session.id, resume_gateway_url: this.url, guilds: [], private_channels: [],
        user: { id: '42', username: 'alice', global_name: 'Alice', discriminator: '0', avatar: null },
      });
    } else if (payload.op === GatewayOpcode.Resume) {
      const session = this.sessions.get(String(d.session_id));
      if (!session) {
        connection.send({ op: GatewayOpcode.InvalidSession, d: false, s: null, t: null });
        return;
      }
      connection.session = session;
      for (const missed of session.sent.filter((p) => (p.s ?? 0) > Number(d.seq))) connection.send(missed);
      this.dispatch(session, 'RESUMED', {});
    }
  }
}
