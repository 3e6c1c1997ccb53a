import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('npm run sim prints one JSON line first, serves (with --control, faults and the ledger too), and stops on SIGTERM', async () => {
  // The real command (the project's .npmrc keeps npm's banner out of stdout). Own process group,
  // so that npm, tsx and node all get the signal.
  const child = spawn('npm', ['run', 'sim', '--', '--accounts', '2', '--job-seconds', '1', '--control'], {
    cwd: REPO_ROOT,
    // As a user runs it: a log level inherited from an outer `npm test --loglevel=…` would bring the banner back.
    env: Object.fromEntries(Object.entries(process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_loglevel')),
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = once(child, 'exit');
  try {
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, 'line')) as [string];
    lines.close();
    const info = JSON.parse(first) as {
      apiBaseUrl: string; gatewayUrl: string; cdnBaseUrl: string; activityBaseUrl: string;
      accounts: { guildId: string; channelId: string; userToken: string; userId: string; dmChannelId: string }[];
    };
    assert.match(info.apiBaseUrl, /^http:\/\/127\.0\.0\.1:\d+\/api\/v9$/);
    assert.match(info.gatewayUrl, /^ws:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(info.cdnBaseUrl.startsWith('http://127.0.0.1:') && info.activityBaseUrl.startsWith('http://127.0.0.1:'));
    assert.equal(info.accounts.length, 2);
    assert.deepEqual(Object.keys(info.accounts[0] ?? {}).sort(), ['channelId', 'dmChannelId', 'guildId', 'userId', 'userToken']);
    const me = await fetch(`${info.apiBaseUrl}/users/@me`, { headers: { authorization: info.accounts[0]?.userToken ?? '' } });
    assert.equal(((await me.json()) as { id: string }).id, info.accounts[0]?.userId);
    const origin = new URL(info.apiBaseUrl).origin;
    const fault = await fetch(`${origin}/_sim/faults`, { method: 'POST', body: JSON.stringify({ fault: 'server-error', status: 503 }) });
    assert.deepEqual(await fault.json(), { ok: true });
    const refused = await fetch(`${info.apiBaseUrl}/interactions`, { method: 'POST', headers: { authorization: info.accounts[0]?.userToken ?? '' }, body: '{}' });
    assert.equal(refused.status, 503);
    const ledger = (await (await fetch(`${origin}/_sim/ledger`)).json()) as { interactions: unknown[]; jobs: unknown[] };
    assert.deepEqual([ledger.interactions, ledger.jobs], [[], []]);
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
});
