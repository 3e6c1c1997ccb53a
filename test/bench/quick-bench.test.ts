import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Build, simulator, services and load generator all start for real: minutes on a busy machine. */
const QUICK_BENCH_TIMEOUT_MS = 600_000;

interface BenchJson {
  quick: boolean;
  goals: { label: string; value?: number; pass?: boolean }[];
  measurements: {
    curve: { schedule: { service: { runMsPerS: number; waitMsPerS: number } } }[];
    coldStart?: { npmFloorMs: number };
    memory?: unknown; latency?: unknown; fetchSmall?: unknown; fetchLarge?: unknown;
  };
}

it('npm run bench -- --quick measures every goal of issue 16 and writes the JSON, the SVG and the table', { timeout: QUICK_BENCH_TIMEOUT_MS }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'mj-bench-test-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, `the quick bench failed:\n${stdout}\n${stderr}`);

    const results = JSON.parse(readFileSync(join(out, 'quick.json'), 'utf8')) as BenchJson;
    assert.equal(results.quick, true);
    assert.equal(results.goals.length, 11);
    for (const goal of results.goals) {
      assert.equal(typeof goal.value, 'number', `${goal.label} was not measured`);
      assert.equal(typeof goal.pass, 'boolean');
      assert.ok(stdout.includes(goal.label), `the table lacks ${goal.label}`);
    }
    const { measurements } = results;
    for (const part of ['fetchSmall', 'fetchLarge', 'latency', 'memory', 'coldStart'] as const) assert.ok(measurements[part], `no ${part}`);
    assert.equal(measurements.curve.length, 2);
    // The machine's part, beside the goals: npm's own start, and how long the service waited for a CPU under load.
    assert.ok((measurements.coldStart?.npmFloorMs ?? 0) > 0);
    assert.match(stdout, /npm start of an empty node script \d+ ms/);
    for (const point of measurements.curve) assert.ok(point.schedule.service.runMsPerS > 0 && point.schedule.service.waitMsPerS >= 0);
    assert.match(stdout, /the service's main thread ran \d+ ms and waited for a CPU \d+ ms/);

    const svg = readFileSync(join(out, 'quick.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>/);
    assert.match(svg, /<\/svg>\n$/);
    assert.equal((svg.match(/<polyline /g) ?? []).length, 2, 'the RSS and delay curves');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
