/** The simulated gateway: a WebSocket endpoint on the simulator's HTTP server (any path, usually `/`). */
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { GatewayCloseCode } from '../discord/protocol/index.js';
import { GatewayConnection, type ConnectionSettings } from './gateway-connection.js';
import type { SessionHub } from './gateway-session.js';
import type { SimWorldState } from './world.js';

const SUPPORTED_VERSIONS = new Set(['9', '10']);

/** The settings all connections share; compression is each client's choice. */
export type GatewayServerOptions = Omit<ConnectionSettings, 'compress'>;

export class GatewayServer {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<GatewayConnection>();

  constructor(
    server: Server,
    private readonly world: SimWorldState,
    private readonly hub: SessionHub,
    private readonly options: GatewayServerOptions,
  ) {
    // No permessage-deflate: payload compression is zlib-stream's job, as on Discord.
    this.wss = new WebSocketServer({ server, perMessageDeflate: false });
    this.wss.on('connection', (ws, request) => this.accept(ws, request));
  }

  /** Live connections, of one user (identified sessions only) or all. */
  liveConnections(userId?: string): GatewayConnection[] {
    return [...this.connections].filter((connection) => userId === undefined || connection.userId === userId);
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.ws.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket, request: IncomingMessage): void {
    const query = new URL(request.url ?? '/', 'ws://localhost').searchParams;
    const version = query.get('v') ?? '9';
    const encoding = query.get('encoding') ?? 'json';
    const compress = query.get('compress');
    if (!SUPPORTED_VERSIONS.has(version)) {
      ws.close(GatewayCloseCode.InvalidApiVersion, 'Invalid API version.');
      return;
    }
    if (encoding !== 'json' || (compress !== null && compress !== 'zlib-stream')) {
      ws.close(GatewayCloseCode.DecodeError, 'Unsupported encoding or compression.');
      return;
    }
    const settings: ConnectionSettings = { ...this.options, compress: compress === 'zlib-stream' };
    const connection = new GatewayConnection(ws, this.world, this.hub, settings, (gone) => this.connections.delete(gone));
    this.connections.add(connection);
  }
}
