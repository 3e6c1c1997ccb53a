/**
 * Runtime configuration across a restart, with mj-proxy as a process (src/main.ts reads the YAML
 * file and the MJ_* variables itself): kept changes win over both at the next start, and GET says
 * where each value came from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kill, startChild, stop } from './child-service.js';
import { tempDir } from './harness.js';

const ADMIN_SECRET = 'restart-admin-secret';
const HEADERS = { 'mj-api-secret': ADMIN_SECRET, 'content-type': 'application/json' };

interface View { config: { accountSelection: string; notify: { timeoutMs: number; maxAttempts: number } }; sources: Record<string, string> }

async function admin<T>(url: string, method: string, path: string, body?: unknown): Promise<{ code: number; description: string; result: T }> {
  const response = await fetch(`${url}/mj${path}`, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await response.json()) as { code: number; description: string; result: T };
}

test('changes kept in the store win over the YAML and the environment after a restart (even a SIGKILL); sources say so', async () => {
  const dir = tempDir();
  const yaml = join(dir, 'config.yaml');
  writeFileSync(yaml, 'accountSelection: random\nnotify:\n  maxAttempts: 3\n  timeoutMs: 4000\n');
  const env = {
    MJ_CONFIG: yaml, MJ_SERVER_HOST: '127.0.0.1', MJ_SERVER_PORT: '0', MJ_SERVER_ADMIN_SECRET: ADMIN_SECRET,
    MJ_STORE_URL: `sqlite:${join(dir, 'tasks.db')}`, MJ_IMAGES_DIR: join(dir, 'images'), MJ_DEMO_JOB_SECONDS: '0.3',
    MJ_LOG_LEVEL: 'info', MJ_NOTIFY_TIMEOUT_MS: '7000',
  };
  const first = await startChild(env);
  try {
    const before = (await admin<View>(first.url, 'GET', '/admin/config')).result;
    assert.equal(before.config.accountSelection, 'random');
    assert.equal(before.sources.accountSelection, 'yaml');
    assert.equal(before.config.notify.timeoutMs, 7000);
    assert.equal(before.sources['notify.timeoutMs'], 'env', 'the variable beats the YAML');
    assert.equal(before.sources['notify.maxAttempts'], 'yaml');
    assert.equal(before.sources['timeouts.taskMinutes'], 'default');
    const changed = await admin<View>(first.url, 'PUT', '/admin/config', {
      accountSelection: 'round-robin', notify: { timeoutMs: 9000 }, bannedWords: { words: ['zebracorn'] },
    });
    assert.equal(changed.code, 1, changed.description);
  } finally {
    await kill(first);
  }

  const second = await startChild(env);
  try {
    const after = (await admin<View>(second.url, 'GET', '/admin/config')).result;
    assert.equal(after.config.accountSelection, 'round-robin');
    assert.equal(after.sources.accountSelection, 'store');
    assert.equal(after.config.notify.timeoutMs, 9000, 'the kept change beats the variable too');
    assert.equal(after.sources['notify.timeoutMs'], 'store');
    assert.equal(after.config.notify.maxAttempts, 3);
    assert.equal(after.sources['notify.maxAttempts'], 'yaml');
    const refused = await fetch(`${second.url}/mj/submit/imagine`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ prompt: 'a zebracorn' }) });
    assert.equal(((await refused.json()) as { code: number }).code, 24, 'the kept banned-word list is in force');

    const reset = await admin<View>(second.url, 'PUT', '/admin/config', { accountSelection: null });
    assert.equal(reset.result.config.accountSelection, 'random', 'null goes back to the YAML');
    assert.equal(reset.result.sources.accountSelection, 'yaml');
  } finally {
    await stop(second);
  }
});
