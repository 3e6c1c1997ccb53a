/**
 * Series whose totals another module already keeps — the notifier's stats, the process's incident
 * counts — copied into counters at each scrape instead of being counted twice.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { INCIDENT_KINDS, type IncidentCounts } from '../lib/incidents.js';
import type { NotifierStats } from '../notify/index.js';

/** Makes a counter show totals kept elsewhere; they only grow, so the series stays a counter. */
function showTotals<T extends string>(counter: Counter<T>, totals: [labels: Partial<Record<T, string>>, total: number][]): void {
  counter.reset();
  for (const [labels, total] of totals) counter.inc(labels, total);
}

export class NotifyMetrics {
  private readonly deliveries: Counter;
  private readonly retries: Counter;
  private readonly failures: Counter;
  private readonly skipped: Counter<'reason'>;
  private readonly pending: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.deliveries = new Counter({ name: 'mj_notify_deliveries_total', help: 'Task snapshots a notify hook accepted (HTTP 2xx).', registers });
    this.retries = new Counter({ name: 'mj_notify_retries_total', help: 'Notify-hook calls repeated after a failed attempt.', registers });
    this.failures = new Counter({
      name: 'mj_notify_failures_total', help: 'Task snapshots given up on: attempts exhausted, refused, a bad or disallowed hook URL, cut at shutdown.', registers,
    });
    this.skipped = new Counter({
      name: 'mj_notify_skipped_total', help: 'Task snapshots not sent: dropped (stale, unchanged, after the end) or coalesced (replaced by a newer one).',
      labelNames: ['reason'], registers,
    });
    this.pending = new Gauge({ name: 'mj_notify_pending_tasks', help: 'Tasks with a snapshot waiting or in flight to their hook.', registers });
  }

  update(stats: NotifierStats): void {
    showTotals(this.deliveries, [[{}, stats.delivered]]);
    showTotals(this.retries, [[{}, stats.retries]]);
    showTotals(this.failures, [[{}, stats.failed]]);
    showTotals(this.skipped, [[{ reason: 'dropped' }, stats.dropped], [{ reason: 'coalesced' }, stats.coalesced]]);
    this.pending.set(stats.busyTasks);
  }
}

export class IncidentMetrics {
  private readonly incidents: Counter<'kind'>;

  constructor(registry: Registry) {
    this.incidents = new Counter({
      name: 'mj_incidents_total', help: 'Things that went wrong without stopping the process (as /mj/health counts them), by kind.',
      labelNames: ['kind'], registers: [registry],
    });
  }

  update(counts: IncidentCounts): void {
    showTotals(this.incidents, INCIDENT_KINDS.map((kind) => [{ kind }, counts[kind]]));
  }
}
