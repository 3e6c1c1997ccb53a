/** A loopback HTTP server for translation tests: records every call and answers what a handler says. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { TranslateConfig } from '../../src/config/schema.js';

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** `hang` never answers (the socket stays open until the test closes the server). */
export type Reply = { status: number; json?: unknown; raw?: string } | 'hang';

export interface FakeServer {
  url: string;
  calls: RecordedCall[];
  /** When set, answers every call instead of the handler (outages, error bodies, garbage). */
  override: Reply | null;
  close(): Promise<void>;
}

export async function startFakeServer(handler: (call: RecordedCall) => Reply): Promise<FakeServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const call = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      fake.calls.push(call);
      const reply = fake.override ?? handler(call);
      if (reply === 'hang') return;
      const body = reply.raw ?? JSON.stringify(reply.json);
      res.writeHead(reply.status, { 'content-type': reply.raw === undefined ? 'application/json' : 'text/html' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeServer = {
    url: `http://127.0.0.1:${port}`,
    calls: [],
    override: null,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return fake;
}

/** What the fakes "translate": a few known phrases, anything else visibly marked. */
const ENGLISH: Record<string, string> = {
  一只猫: 'a cat',
  在草地上: 'on the grass',
  '红色 汽车': 'red car',
  猫: 'cat',
  狗: 'dog',
};
const CHINESE: Record<string, string> = {
  'a dog': '一只狗',
  'A cat on the grass,': '草地上的一只猫，',
};

export function fakeTranslate(text: string, target: 'en' | 'zh'): string {
  const table = target === 'en' ? ENGLISH : CHINESE;
  return table[text] ?? `${target}(${text})`;
}

export function translateConfig(overrides: Partial<TranslateConfig>): TranslateConfig {
  return {
    way: 'none',
    zhWay: 'none',
    timeoutMs: 5000,
    cacheSize: 100,
    baidu: { appId: '', appSecret: '', baseUrl: '' },
    deepl: { authKey: '', baseUrl: '' },
    gpt: { baseUrl: '', apiKey: '', model: 'gpt-4o-mini' },
    ...overrides,
  };
}

/** A real pino logger whose lines the test can read. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, sink), lines };
}
