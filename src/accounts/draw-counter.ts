/**
 * Today's and total draws per account and mode, counted from tasks: the store's counts at start,
 * then every task seen for the first time. "Today" starts at midnight of the server's time zone.
 */
import type { AccountMode } from './midjourney-state.js';

export type ModeCounts = Record<AccountMode, number>;

export interface DrawCountSource {
  (since: number): Promise<{ accountId: string; mode: string | null; count: number }[]>;
}

/** The parts of a task the counter reads. */
export interface DrawnTask {
  id: string;
  submitTime: number | null;
  mode: string | null;
  accountId: string | undefined;
}

const MODES: readonly AccountMode[] = ['FAST', 'RELAX', 'TURBO'];

const zero = (): ModeCounts => ({ FAST: 0, RELAX: 0, TURBO: 0 });
const midnightOf = (time: number): number => new Date(time).setHours(0, 0, 0, 0);
/** Past the longest day (25 h, when the clocks go back): its midnight is the next day's start. */
const INTO_NEXT_DAY_MS = 26 * 60 * 60 * 1000;
const nextMidnightOf = (dayStart: number): number => midnightOf(dayStart + INTO_NEXT_DAY_MS);
const isMode = (mode: string | null): mode is AccountMode => MODES.includes(mode as AccountMode);

export class DrawCounter {
  private readonly today = new Map<string, ModeCounts>();
  private readonly total = new Map<string, ModeCounts>();
  /** Tasks already counted today; tasks submitted before `loadedAt` are in the store's counts. */
  private readonly counted = new Set<string>();
  private dayStart: number;
  /** When today ends: until then a check for a new day is a comparison, not a date computation (it runs per account per task). */
  private dayEnd: number;
  private loadedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.loadedAt = now();
    this.dayStart = midnightOf(this.loadedAt);
    this.dayEnd = nextMidnightOf(this.dayStart);
  }

  /** Takes the store's counts; tasks submitted from now on are counted as they are seen. */
  async load(source: DrawCountSource): Promise<void> {
    this.loadedAt = this.now();
    this.dayStart = midnightOf(this.loadedAt);
    this.dayEnd = nextMidnightOf(this.dayStart);
    const [all, today] = await Promise.all([source(0), source(this.dayStart)]);
    this.total.clear();
    this.today.clear();
    for (const row of all) if (isMode(row.mode)) this.countsIn(this.total, row.accountId)[row.mode] += row.count;
    for (const row of today) if (isMode(row.mode)) this.countsIn(this.today, row.accountId)[row.mode] += row.count;
  }

  /** Every change of a task passes here; a task submitted since the load is counted once. */
  observe(task: DrawnTask): void {
    this.rollOver();
    const { id, submitTime, mode, accountId } = task;
    if (!accountId || !isMode(mode) || submitTime === null) return;
    if (submitTime < Math.max(this.loadedAt, this.dayStart) || this.counted.has(id)) return;
    this.counted.add(id);
    this.countsIn(this.today, accountId)[mode] += 1;
    this.countsIn(this.total, accountId)[mode] += 1;
  }

  todayOf(accountId: string): ModeCounts {
    this.rollOver();
    return { ...(this.today.get(accountId) ?? zero()) };
  }

  totalOf(accountId: string): ModeCounts {
    return { ...(this.total.get(accountId) ?? zero()) };
  }

  private countsIn(map: Map<string, ModeCounts>, accountId: string): ModeCounts {
    let counts = map.get(accountId);
    if (!counts) map.set(accountId, (counts = zero()));
    return counts;
  }

  /** A new day: today's counts start from zero. */
  private rollOver(): void {
    const now = this.now();
    if (now >= this.dayStart && now < this.dayEnd) return;
    this.dayStart = midnightOf(now);
    this.dayEnd = nextMidnightOf(this.dayStart);
    this.today.clear();
    this.counted.clear();
  }
}
