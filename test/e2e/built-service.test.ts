/**
 * The built service (`node dist/main.js`, what `npm start` runs), not the sources: the bundle takes only
 * parts of some packages (scripts/undici-parts.mjs) and loads others with require(), so a task must
 * still go all the way through it: Discord's REST and gateway, the simulated job, the re-hosted images.
 * `npm test` builds dist/ first; a targeted run builds it when it is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { post, waitFor } from './child-service.js';
import { tempDir } from './harness.js';
import { taskUrls } from './hosting-helpers.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILT_SERVICE = join(REPO_ROOT, 'dist', 'main.js');
const HOSTED_WAIT_MS = 30_000;

test('the built service in demo mode: an imagine succeeds, and its re-hosted images are served', async () => {
  if (!existsSync(BUILT_SERVICE)) {
    const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  }
  const dir = tempDir();
  const child = spawn(process.execPath, [BUILT_SERVICE], {
    cwd: dir,
    env: {
      PATH: process.env.PATH, MJ_SERVER_HOST: '127.0.0.1', MJ_SERVER_PORT: '0',
      MJ_STORE_URL: `sqlite:${join(dir, 'tasks.db')}`, MJ_IMAGES_DIR: join(dir, 'images'), MJ_DEMO_JOB_SECONDS: '1', MJ_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = once(child, 'exit');
  try {
    let url: string | undefined;
    while (!(url = /"address":"(http:\/\/[^"]+)"/.exec(output)?.[1])) {
      assert.equal(child.exitCode, null, `the built service exited: ${output.slice(-2000)}`);
      await once(child.stdout, 'data');
    }
    const submitted = await post(url, '/submit/imagine', { prompt: 'a lighthouse on a cliff at dusk' });
    assert.equal(submitted.code, 1, submitted.description);
    const hostedBase = `${url}/mj/image/`;
    const task = await waitFor(url, submitted.result, (t) => t.status !== 'IN_PROGRESS' && t.status !== 'SUBMITTED' && t.status !== 'NOT_START'
      && (t.status !== 'SUCCESS' || (t.properties.thumbnailUrl !== undefined && taskUrls(t).every((u) => u.startsWith(hostedBase)))), HOSTED_WAIT_MS);
    assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
    const image = await fetch(task.imageUrl as string);
    assert.equal(image.status, 200);
    assert.match(image.headers.get('content-type') ?? '', /^image\//);
    assert.ok((await image.arrayBuffer()).byteLength > 0);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});
