/** The bench's figures against the goals of issue 16: the printed table, the JSON and the goal lines. */
import type { AccountsPoint } from './measure-accounts.js';
import { HEARTBEAT_LATE_MS } from './measure-accounts.js';
import type { Comparison } from './measure-fetch.js';
import type { FinalToSuccess } from './measure-latency.js';
import type { ColdStart, MemoryAtRest } from './measure-start.js';

export interface Goal {
  label: string;
  /** The figure must be at least (`min`), below (`max`) or at most (`atMost`) this. */
  bound: 'min' | 'max' | 'atMost';
  limit: number;
  unit: string;
  value?: number;
  pass?: boolean;
  /** What the figure is made of, for the reader of the JSON. */
  note?: string;
}

export interface Measurements {
  storeSizes: [number, number];
  idsPerList: number;
  fetchSmall?: { fetch: Comparison; list: Comparison };
  fetchLarge?: { fetch: Comparison; list: Comparison };
  latency?: FinalToSuccess;
  memory?: MemoryAtRest;
  coldStart?: { npmStart: ColdStart; node: ColdStart; npmFloorMs: number };
  curve: AccountsPoint[];
}

const count = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

function goal(label: string, bound: Goal['bound'], limit: number, unit: string, value: number | undefined, note?: string): Goal {
  if (value === undefined || Number.isNaN(value)) return { label, bound, limit, unit, note };
  const pass = bound === 'min' ? value >= limit : bound === 'max' ? value < limit : value <= limit;
  return { label, bound, limit, unit, value, pass, note };
}

export function goals(m: Measurements): Goal[] {
  const [small, large] = m.storeSizes.map(count) as [string, string];
  const top = m.curve.at(-1);
  const atTop = top ? ` (${top.accounts} accounts, ${top.tasks} tasks)` : '';
  return [
    goal(`fetch throughput / bare route, ${small} stored`, 'min', 0.85, '×', m.fetchSmall?.fetch.ratio),
    goal(`fetch throughput / bare route, ${large} stored`, 'min', 0.85, '×', m.fetchLarge?.fetch.ratio),
    goal(`list-by-condition ${m.idsPerList} ids p99, ${large} stored`, 'max', 10, 'ms', m.fetchLarge?.list.serviceP99Ms),
    goal('final message → SUCCESS in fetch, p50', 'max', 5, 'ms', m.latency?.visibleMs.p50),
    goal('final message → notify hook, p50', 'max', 10, 'ms', m.latency?.hookMs.p50),
    goal(`RSS peak${atTop}`, 'max', 400, 'MB', top?.rssPeakMb),
    goal(`event-loop delay p99${atTop}`, 'max', 50, 'ms', top?.lagP99Ms),
    goal(`slowest task beyond its job${atTop}`, 'atMost', 1000, 'ms', top?.slowestDelayMs, 'finish − submit − the job as the simulator ran it, beyond the same on the idle system'),
    goal(`accounts with a heartbeat > ${HEARTBEAT_LATE_MS} ms late${atTop}`, 'atMost', 0, '', top?.heartbeats.lateAccounts),
    goal('RSS at rest, one account', 'max', 80, 'MB', m.memory?.oneAccountMb),
    goal('cold start, npm start → /mj/health answers', 'max', 600, 'ms', m.coldStart?.npmStart.healthyMs),
  ];
}

export const figure = (value: number, unit: string): string =>
  `${value >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2)}${unit === '×' || unit === '' ? '' : ' '}${unit}`;

export function table(list: Goal[], quick: boolean): string {
  const rows = list.map((g) => [
    g.label,
    `${{ min: '≥', max: '<', atMost: '≤' }[g.bound]} ${figure(g.limit, g.unit)}`,
    g.value === undefined ? '—' : figure(g.value, g.unit),
    g.pass === undefined ? 'not measured' : g.pass ? 'pass' : 'MISS',
  ]);
  const head = ['goal (issue 16)', 'target', 'figure', quick ? 'result (quick: sizes too small to judge)' : 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function details(m: Measurements): string {
  const lines: string[] = [];
  const cmp = (name: string, c: Comparison) =>
    `${name}: service ${c.serviceThroughput.toFixed(0)} req/s p99 ${c.serviceP99Ms.toFixed(1)} ms; bare ${c.bareThroughput.toFixed(0)} req/s p99 ${c.bareP99Ms.toFixed(1)} ms; ${c.bodyBytes} bytes`;
  for (const [size, runs] of [[m.storeSizes[0], m.fetchSmall], [m.storeSizes[1], m.fetchLarge]] as const) {
    if (runs) lines.push(cmp(`fetch ${count(size)}`, runs.fetch), cmp(`list  ${count(size)}`, runs.list));
  }
  if (m.latency) lines.push(`final → SUCCESS in fetch p50 ${m.latency.visibleMs.p50} max ${m.latency.visibleMs.max} ms; → hook p50 ${m.latency.hookMs.p50} max ${m.latency.hookMs.max} ms (${m.latency.visibleMs.count} jobs)`);
  if (m.coldStart) lines.push(`cold start: npm start ${m.coldStart.npmStart.healthyMs.toFixed(0)} ms (account ready ${m.coldStart.npmStart.readyMs.toFixed(0)} ms); node dist/main.js ${m.coldStart.node.healthyMs.toFixed(0)} ms (ready ${m.coldStart.node.readyMs.toFixed(0)} ms); `
    + `npm start of an empty node script ${m.coldStart.npmFloorMs.toFixed(0)} ms (the floor of npm start here)`);
  if (m.memory) lines.push(`RSS at rest: one account ${m.memory.oneAccountMb.toFixed(1)} MB; demo mode (simulator in process) ${m.memory.demoMb.toFixed(1)} MB`);
  for (const p of m.curve) {
    lines.push(`${p.accounts} accounts, ${p.tasks} tasks (${p.failed} failed) in ${p.seconds.toFixed(1)} s: RSS peak ${p.rssPeakMb.toFixed(0)} MB, lag p99 ${p.lagP99Ms.toFixed(1)} max ${p.lagMaxMs.toFixed(0)} ms, `
      + `beyond job (idle ${p.idleJobMs} ms, of which the service's ${p.idleAddedMs} ms) p99 ${p.delayP99Ms} max ${p.slowestDelayMs} ms, final → SUCCESS p50 ${p.finalToSuccessP50Ms} max ${p.finalToSuccessMaxMs} ms, `
      + `fetch meanwhile p99 ${p.fetchDuringLoadP99Ms.toFixed(1)} ms, heartbeats worst ${p.heartbeats.worstLatenessMs} ms late (${p.heartbeats.lateAccounts} accounts late), simulator lag p99 ${p.simulatorLagP99Ms.toFixed(0)} ms; `
      + `per second, the service's main thread ran ${p.schedule.service.runMsPerS} ms and waited for a CPU ${p.schedule.service.waitMsPerS} ms, the simulator's ran ${p.schedule.simulator.runMsPerS} and waited ${p.schedule.simulator.waitMsPerS} ms`);
  }
  return lines.join('\n');
}
