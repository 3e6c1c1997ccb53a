/** What the bot remembers per Discord account: /settings toggles, fast hours, usage counters. */
import type { JobMode } from './prompt.js';

export interface AccountState {
  mode: JobMode;
  remix: boolean;
  /** High variability: grid V buttons make "Variations (Strong)", else "(Subtle)". */
  highVariability: boolean;
  fastHoursLeft: number;
  stealth: boolean;
  /** The model picked in the /settings version menu (a value of the menu's options). */
  version: string;
}

export interface AccountUsage {
  images: number;
  hours: number;
  relaxedImages: number;
  relaxedHours: number;
}

/** A Pro plan's monthly fast hours (the /info sample in DISCORD.md §4.13). */
export const PLAN_FAST_HOURS = 30;
/** GPU time one job costs; turbo costs twice as much. */
const HOURS_PER_JOB = 1 / 60;
const TURBO_COST_FACTOR = 2;
const RENEWAL_DAYS = 30;
const DAY_S = 24 * 60 * 60;

export class AccountStates {
  private readonly states = new Map<string, AccountState>();
  private readonly usage = new Map<string, AccountUsage>();
  /** When every plan "renews", as a unix time for the /info `<t:…>` tag. */
  readonly renewsAt = Math.floor(Date.now() / 1000) + RENEWAL_DAYS * DAY_S;

  constructor(private readonly defaultVersion: string) {}

  private fresh(): AccountState {
    return { mode: 'fast', remix: false, highVariability: true, fastHoursLeft: PLAN_FAST_HOURS, stealth: false, version: this.defaultVersion };
  }

  get(userId: string): AccountState {
    let state = this.states.get(userId);
    if (!state) {
      state = this.fresh();
      this.states.set(userId, state);
    }
    return state;
  }

  set(userId: string, patch: Partial<AccountState>): void {
    Object.assign(this.get(userId), patch);
  }

  reset(userId: string): void {
    const { fastHoursLeft } = this.get(userId);
    this.states.set(userId, { ...this.fresh(), fastHoursLeft });
  }

  /** The monthly renewal: the plan's fast hours (or `hours`) are back. */
  renew(userId: string, hours = PLAN_FAST_HOURS): void {
    this.get(userId).fastHoursLeft = hours;
  }

  usageOf(userId: string): AccountUsage {
    let usage = this.usage.get(userId);
    if (!usage) {
      usage = { images: 0, hours: 0, relaxedImages: 0, relaxedHours: 0 };
      this.usage.set(userId, usage);
    }
    return usage;
  }

  /** Books a finished job: fast and turbo jobs spend fast hours, relaxed ones count as relaxed usage. */
  charge(userId: string, mode: JobMode, images: number): void {
    const usage = this.usageOf(userId);
    usage.images += images;
    usage.hours += HOURS_PER_JOB;
    if (mode === 'relax') {
      usage.relaxedImages += images;
      usage.relaxedHours += HOURS_PER_JOB;
      return;
    }
    const state = this.get(userId);
    const cost = mode === 'turbo' ? HOURS_PER_JOB * TURBO_COST_FACTOR : HOURS_PER_JOB;
    state.fastHoursLeft = Math.max(0, state.fastHoursLeft - cost);
  }
}
