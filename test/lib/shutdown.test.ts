import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./fixtures/hanging-close.ts', import.meta.url));
const DEADLINE_MS = 1_000;
/** Generous: the bound is checked, not the exact time (a loaded machine starts processes slowly). */
const SLACK_MS = 5_000;

async function startHanging() {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, String(DEADLINE_MS)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  while (!output.includes('"msg":"ready"')) {
    if (child.exitCode !== null) throw new Error(`fixture exited early: ${output}`);
    await once(child.stdout, 'data');
  }
  const exit = once(child, 'exit') as Promise<[number | null, string | null]>;
  return { child, exit, output: () => output };
}

const logLines = (output: string): Record<string, unknown>[] =>
  output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);

test('SIGTERM ends the process within the deadline although closing hangs, in one line naming the step', async () => {
  const { child, exit, output } = await startHanging();
  const sentAt = Date.now();
  child.kill('SIGTERM');
  const [code] = await exit;
  const elapsed = Date.now() - sentAt;
  assert.equal(code, 1);
  assert.ok(elapsed >= DEADLINE_MS && elapsed < DEADLINE_MS + SLACK_MS, `exited after ${elapsed} ms`);
  const lines = logLines(output()).filter((line) => line.msg !== 'ready');
  assert.equal(lines.length, 1, output());
  assert.equal(lines[0]?.signal, 'SIGTERM');
  assert.equal(lines[0]?.waitingFor, 'step that never ends');
  assert.match(String(lines[0]?.msg), /longer than 1000 ms/);
});

test('a second signal while closing exits at once', async () => {
  const { child, exit, output } = await startHanging();
  child.kill('SIGINT');
  // Signals sent together may merge into one: the second goes once closing is under way.
  while (!output().includes('closing\n')) await once(child.stderr, 'data');
  child.kill('SIGINT');
  const [code] = await exit;
  assert.equal(code, 1);
  assert.match(output(), /second signal/);
});
