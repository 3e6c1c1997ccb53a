/**
 * npm run client:generate [-- --url http://host:8080]
 * Writes the client's API types from the OpenAPI document of a running mj-proxy: the one at --url,
 * or one started here in demo mode on a free loopback port (in-memory store, nothing kept).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../src/config/load.js';
import { silentLogger } from '../src/lib/logger.js';
import { startService } from '../src/main.js';
import { CLIENT_TYPES_PATH, fetchDocument, renderClientTypes } from './client-types.js';

async function documentOfDemo(): Promise<unknown> {
  const imagesDir = mkdtempSync(join(tmpdir(), 'mj-proxy-doc-'));
  const config = resolveConfig({
    server: { host: '127.0.0.1', port: 0 }, store: { url: 'sqlite::memory:' }, images: { dir: imagesDir }, logLevel: 'silent',
  });
  const service = await startService(config, { logger: silentLogger });
  try {
    return await fetchDocument(service.url);
  } finally {
    await service.close();
    rmSync(imagesDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string' } } });
  const document = values.url ? await fetchDocument(values.url.replace(/\/+$/, '')) : await documentOfDemo();
  writeFileSync(CLIENT_TYPES_PATH, await renderClientTypes(document));
  console.log(`wrote ${CLIENT_TYPES_PATH}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
