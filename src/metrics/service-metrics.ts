/**
 * The metrics of one running service, in Prometheus' text format. Wired at the seams by main.ts:
 * the task change feed, an observer on each account's Discord link, the translator's observer and
 * a timing decorator around the task store; accounts, notify-hook totals and incident counts are
 * read at each scrape (from memory: a scrape never touches the store).
 */
import { Registry } from 'prom-client';
import type { LinkObserverFactory } from '../accounts/account-session.js';
import { incidents, type IncidentCounts } from '../lib/incidents.js';
import type { NotifierStats } from '../notify/index.js';
import type { AccountHealth } from '../tasks/api-port.js';
import type { Task, TaskStore } from '../tasks/task.js';
import type { TranslationCall } from '../translate/index.js';
import { AccountMetrics } from './account-metrics.js';
import { DiscordMetrics } from './discord-metrics.js';
import { IncidentMetrics, NotifyMetrics } from './kept-totals.js';
import { processMetrics } from './process-metrics.js';
import { StoreMetrics } from './store-metrics.js';
import { TaskMetrics } from './task-metrics.js';
import { TranslationMetrics } from './translation-metrics.js';

/** prom-client writes NaN (an event-loop mean with no sample yet) as "Nan"; the format spells it "NaN". */
const MISSPELT_NAN = / Nan$/gm;

export interface MetricsSources {
  /** The accounts as /mj/health shows them. */
  accounts: () => readonly AccountHealth[];
  notify: () => NotifierStats;
  /** Default: the process's incident counters. */
  incidents?: () => IncidentCounts;
  /** Epoch ms; default Date.now. */
  now?: () => number;
}

export class ServiceMetrics {
  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE;
  private readonly registry = new Registry();
  private readonly tasks: TaskMetrics;
  private readonly discord = new DiscordMetrics(this.registry);
  private readonly accounts = new AccountMetrics(this.registry);
  private readonly notify = new NotifyMetrics(this.registry);
  private readonly translation = new TranslationMetrics(this.registry);
  private readonly store = new StoreMetrics(this.registry);
  private readonly incidents = new IncidentMetrics(this.registry);
  private readonly incidentCounts: () => IncidentCounts;

  constructor(private readonly sources: MetricsSources) {
    this.tasks = new TaskMetrics(this.registry, (sources.now ?? Date.now)());
    this.incidentCounts = sources.incidents ?? (() => incidents.snapshot());
  }

  /** The task change listener. */
  readonly onTaskChange = (task: Task): void => this.tasks.observe(task);

  /** The observer each AccountSession gives its Discord link. */
  readonly linkObserver: LinkObserverFactory = (accountId) => this.discord.linkObserver(accountId);

  /** The translator's observer. */
  readonly onTranslation = (call: TranslationCall): void => this.translation.observe(call);

  /** The task store, timed per operation. */
  timedStore(store: TaskStore): TaskStore {
    return this.store.timed(store);
  }

  /** The exposition: the process's default metrics, then the service's own. */
  async render(): Promise<string> {
    this.accounts.update(this.sources.accounts());
    this.notify.update(this.sources.notify());
    this.incidents.update(this.incidentCounts());
    const text = (await processMetrics().metrics()) + (await this.registry.metrics());
    return text.replace(MISSPELT_NAN, ' NaN');
  }
}
