/** All accounts, and the rule that picks one for a new task (SPEC §6). Accounts come and go at run time. */
import type { AccountSession } from './account-session.js';
import { DrawCounter } from './draw-counter.js';
import type { AccountMode } from './midjourney-state.js';

export type SelectionRule = 'best-wait-idle' | 'round-robin' | 'random' | 'weighted';

export interface AccountCriteria {
  channelId?: string;
  instanceId?: string;
  remark?: string;
  remix?: boolean;
  remixAutoConsidered?: boolean;
  /** The mode the task asked for; absent: each account's own default. */
  mode?: AccountMode;
}

/** What the instance running an account says of it (cluster mode: another instance may run it). */
export interface AccountPresence {
  /** connecting | ready | … as AccountSession.status; `unowned` when no live instance runs it. */
  status: string;
  usable: boolean;
  ready: boolean;
  running: number;
  queued: number;
  /** Running plus waiting tasks minus slots: negative when a slot is free. */
  backlog: number;
}

/** Cluster mode: the presence of accounts this instance does not run; undefined for one it runs. */
export type RemotePresence = (accountId: string) => AccountPresence | undefined;

/** Whether an account takes new work of a mode now (its state, its daily limits); set by the account manager. */
export type Admission = (session: AccountSession, mode: AccountMode) => boolean;

export class AccountPool {
  /** Today's and total draws of every account (daily limits, the accounts' views). */
  readonly draws = new DrawCounter();
  private roundRobin = 0;
  private remote: RemotePresence = () => undefined;
  private readonly sessions: AccountSession[] = [];
  /** The same sessions by id: tasks look their account up at every step. */
  private readonly byId = new Map<string, AccountSession>();
  private admits: Admission = () => true;

  constructor(
    private rule: SelectionRule,
    private readonly random: () => number = Math.random,
  ) {}

  add(session: AccountSession): void {
    this.sessions.push(session);
    this.reindex(session.id);
  }

  /** Takes the account out: no new task, no lookup by id finds it. */
  remove(session: AccountSession): void {
    const index = this.sessions.indexOf(session);
    if (index >= 0) this.sessions.splice(index, 1);
    this.reindex(session.id);
  }

  /** The same account on a new session (a reconnect): lookups by id find the new one from now on. */
  replace(old: AccountSession, next: AccountSession): void {
    const index = this.sessions.indexOf(old);
    if (index >= 0) this.sessions[index] = next;
    else this.sessions.push(next);
    this.reindex(old.id);
    this.reindex(next.id);
  }

  /** The first session with this id, as a search of the list would find it (changes are rare, lookups constant). */
  private reindex(id: string): void {
    const first = this.sessions.find((session) => session.id === id);
    if (first) this.byId.set(id, first);
    else this.byId.delete(id);
  }

  setAdmission(admits: Admission): void {
    this.admits = admits;
  }

  /** The rule for every choice from now on (runtime configuration). */
  setRule(rule: SelectionRule): void {
    this.rule = rule;
  }

  /** Cluster mode: accounts another instance runs are judged by what that instance says of them. */
  setRemotePresence(remote: RemotePresence): void {
    this.remote = remote;
  }

  /** The account as the instance that runs it sees it: this one, or (cluster mode) another. */
  presenceOf(session: AccountSession): AccountPresence {
    const { queue } = session;
    return this.remote(session.id) ?? {
      status: session.status, usable: session.usable, ready: session.ready, running: queue.runningCount, queued: queue.waitingCount, backlog: queue.backlog,
    };
  }

  /** Whether the account can take work, here or on the instance that runs it. */
  isUsable(session: AccountSession): boolean {
    return this.remote(session.id)?.usable ?? session.usable;
  }

  all(): readonly AccountSession[] {
    return this.sessions;
  }

  get(id: string): AccountSession | undefined {
    return this.byId.get(id);
  }

  /**
   * Usable, unlocked accounts that match every given field of the filter and take the mode (state,
   * daily limits); one out of fast hours takes fast work only when it may run it relaxed
   * (`fastExhausted: relax`).
   */
  candidates(criteria: AccountCriteria = {}): AccountSession[] {
    return this.sessions.filter((session) => this.isUsable(session) && !session.state.lock
      && this.admits(session, criteria.mode ?? session.config.mode) && matches(session, criteria)
      && (hasFastFor(session, criteria.mode) || session.config.fastExhausted === 'relax'));
  }

  /**
   * Picks one candidate by the configured rule, or undefined when none matches. Accounts with fast
   * hours for fast work come first, then those connected right now: one reconnecting or backing off
   * gets work only when no other is ready.
   */
  choose(criteria: AccountCriteria = {}): AccountSession | undefined {
    const fitting = this.candidates(criteria);
    const funded = fitting.filter((session) => hasFastFor(session, criteria.mode));
    const usable = funded.length > 0 ? funded : fitting;
    const ready = usable.filter((session) => this.remote(session.id)?.ready ?? session.ready);
    const candidates = ready.length > 0 ? ready : usable;
    if (candidates.length <= 1) return candidates[0];
    switch (this.rule) {
      case 'round-robin':
        return candidates[this.roundRobin++ % candidates.length];
      case 'random':
        return candidates[Math.floor(this.random() * candidates.length)];
      case 'weighted':
        return this.weighted(candidates);
      default:
        return this.bestWaitIdle(candidates);
    }
  }

  /** A random account with a free slot; else the one with the shortest backlog. */
  private bestWaitIdle(candidates: AccountSession[]): AccountSession | undefined {
    const wait = (session: AccountSession) => Math.max(-1, this.remote(session.id)?.backlog ?? session.queue.backlog);
    const least = Math.min(...candidates.map(wait));
    const best = candidates.filter((session) => wait(session) === least);
    return best[Math.floor(this.random() * best.length)];
  }

  private weighted(candidates: AccountSession[]): AccountSession | undefined {
    const total = candidates.reduce((sum, session) => sum + session.config.weight, 0);
    if (total <= 0) return this.bestWaitIdle(candidates);
    let ticket = this.random() * total;
    for (const session of candidates) {
      ticket -= session.config.weight;
      if (ticket < 0) return session;
    }
    return candidates[candidates.length - 1];
  }
}

/** Relaxed work needs no fast hours; fast and turbo work needs an account that has some. */
function hasFastFor(session: AccountSession, mode: AccountMode | undefined): boolean {
  return (mode ?? session.config.mode) === 'RELAX' || !session.state.fastExhausted;
}

function matches(session: AccountSession, criteria: AccountCriteria): boolean {
  const { config, state } = session;
  if (criteria.channelId && criteria.channelId !== config.channelId) return false;
  if (criteria.instanceId && criteria.instanceId !== session.id) return false;
  if (criteria.remark && !config.remark.includes(criteria.remark)) return false;
  // Plus semantics: an account that submits Remix by itself counts as remix off.
  const effectiveRemix = state.remix && !config.remixAutoSubmit;
  if (criteria.remix !== undefined && criteria.remix !== effectiveRemix) return false;
  if (criteria.remixAutoConsidered !== undefined && criteria.remixAutoConsidered !== config.remixAutoSubmit) return false;
  return true;
}
