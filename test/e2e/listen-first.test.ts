import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from './harness.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const POLL_MS = 50;

/** A loopback port nothing listens on: a Discord that never answers. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('answers /mj/health while its account is still connecting, and stops gracefully on SIGTERM already then', async () => {
  const dir = tempDir();
  const config = join(dir, 'config.yaml');
  writeFileSync(config, '{}\n');
  const [apiPort, discordPort] = [await closedPort(), await closedPort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      MJ_CONFIG: config, MJ_SERVER_HOST: '127.0.0.1', MJ_SERVER_PORT: String(apiPort), MJ_LOG_LEVEL: 'silent',
      MJ_STORE_URL: `sqlite:${join(dir, 'tasks.db')}`, MJ_IMAGES_DIR: join(dir, 'images'),
      MJ_DISCORD_API_BASE_URL: `http://127.0.0.1:${discordPort}/api/v9`, MJ_DISCORD_GATEWAY_URL: `ws://127.0.0.1:${discordPort}`,
      MJ_ACCOUNTS: JSON.stringify([{ guildId: '1', channelId: '2', userToken: 'never-used-token' }]),
    },
  });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  try {
    let health: { accounts: { status: string }[] } | undefined;
    while (!health) {
      assert.equal(child.exitCode, null, 'the service exited before answering');
      health = await fetch(`http://127.0.0.1:${apiPort}/mj/health`).then((response) => response.json() as Promise<typeof health>, () => undefined);
      if (!health) await sleep(POLL_MS);
    }
    assert.equal(health.accounts.length, 1);
    assert.notEqual(health.accounts[0]?.status, 'ready');
    child.kill('SIGTERM');
    // A graceful stop exits 0; the default action of SIGTERM would end it by the signal.
    assert.deepEqual(await exited, [0, null]);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
