/**
 * Gateway sessions, apart from sockets: a session numbers its dispatches (`s` +1 each), keeps them for
 * RESUME replay, survives its connection for a while, and applies the dispatch faults (hold, swap).
 */
import { randomBytes } from 'node:crypto';
import { GatewayOpcode, type GatewayPayload } from '../discord/protocol/index.js';

/** What a session writes to: the live connection, when there is one. */
export interface SessionLink {
  sendPayload(payload: GatewayPayload): void;
}

interface PendingDispatch {
  t: string;
  d: unknown;
}

const SESSION_ID_BYTES = 16;
/** A swapped dispatch waits at most this long for a second one to overtake it. */
const SWAP_FALLBACK_MS = 1000;

export class GatewaySession {
  link: SessionLink | null = null;
  private seq = 0;
  private readonly history: GatewayPayload[] = [];
  private held: PendingDispatch[] = [];
  private holdTimer: NodeJS.Timeout | undefined;
  private swapPending = false;
  private stashed: PendingDispatch | undefined;
  private swapTimer: NodeJS.Timeout | undefined;
  expiryTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    readonly userId: string,
    private readonly historyLimit: number,
  ) {}

  get lastSeq(): number {
    return this.seq;
  }

  /** Sends (or buffers while detached) one dispatch, after the dispatch faults. */
  dispatch(t: string, d: unknown): void {
    if (this.holdTimer) {
      this.held.push({ t, d });
      return;
    }
    if (this.stashed) {
      const stashed = this.stashed;
      this.clearSwap();
      this.emit(t, d);
      this.emit(stashed.t, stashed.d);
      return;
    }
    if (this.swapPending) {
      this.swapPending = false;
      this.stashed = { t, d };
      this.swapTimer = setTimeout(() => this.releaseStash(), SWAP_FALLBACK_MS);
      return;
    }
    this.emit(t, d);
  }

  /** Fault: keep every dispatch back for `ms`, then send them in order. */
  hold(ms: number): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = setTimeout(() => {
      this.holdTimer = undefined;
      const held = this.held;
      this.held = [];
      for (const pending of held) this.dispatch(pending.t, pending.d);
    }, ms);
  }

  /** Fault: the next two dispatches go out in swapped order (each still gets the next `s`). */
  reorderNext(): void {
    this.swapPending = true;
  }

  /** Dispatches after `seq` for a RESUME, or undefined when they are no longer all kept. */
  replayAfter(seq: number | null): GatewayPayload[] | undefined {
    const after = seq ?? 0;
    if (after > this.seq || after < 0) return undefined;
    const oldest = this.history[0]?.s ?? this.seq + 1;
    if (after + 1 < oldest) return undefined;
    return this.history.filter((payload) => (payload.s ?? 0) > after);
  }

  dispose(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.clearSwap();
    this.holdTimer = undefined;
    this.held = [];
    this.link = null;
  }

  private releaseStash(): void {
    const stashed = this.stashed;
    this.clearSwap();
    if (stashed) this.emit(stashed.t, stashed.d);
  }

  private clearSwap(): void {
    if (this.swapTimer) clearTimeout(this.swapTimer);
    this.swapTimer = undefined;
    this.stashed = undefined;
  }

  private emit(t: string, d: unknown): void {
    this.seq += 1;
    const payload: GatewayPayload = { op: GatewayOpcode.Dispatch, t, s: this.seq, d };
    this.history.push(payload);
    if (this.history.length > this.historyLimit) this.history.shift();
    this.link?.sendPayload(payload);
  }
}

/** Every session of the simulated Discord, and the routing of dispatches to them. */
export class SessionHub {
  private readonly sessions = new Map<string, GatewaySession>();
  /** The same sessions by user: channel traffic is routed by user (a sweep of every session per message cost the most with hundreds of accounts). */
  private readonly byUser = new Map<string, Set<GatewaySession>>();

  constructor(private readonly options: { historyLimit: number; resumeWindowMs: number }) {}

  create(userId: string): GatewaySession {
    const session = new GatewaySession(randomBytes(SESSION_ID_BYTES).toString('hex'), userId, this.options.historyLimit);
    this.sessions.set(session.id, session);
    const ofUser = this.byUser.get(userId) ?? new Set<GatewaySession>();
    this.byUser.set(userId, ofUser.add(session));
    return session;
  }

  get(sessionId: string): GatewaySession | undefined {
    return this.sessions.get(sessionId);
  }

  ofUser(userId: string): GatewaySession[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  all(): GatewaySession[] {
    return [...this.sessions.values()];
  }

  attach(session: GatewaySession, link: SessionLink): void {
    if (session.expiryTimer) clearTimeout(session.expiryTimer);
    session.expiryTimer = undefined;
    session.link = link;
  }

  /** The connection went away: keep buffering for a RESUME until the resume window closes. */
  detach(session: GatewaySession): void {
    session.link = null;
    if (session.expiryTimer) clearTimeout(session.expiryTimer);
    session.expiryTimer = setTimeout(() => this.remove(session), this.options.resumeWindowMs);
  }

  remove(session: GatewaySession): void {
    session.dispose();
    this.sessions.delete(session.id);
    const ofUser = this.byUser.get(session.userId);
    ofUser?.delete(session);
    if (ofUser?.size === 0) this.byUser.delete(session.userId);
  }

  /** Channel traffic: every session (live or awaiting resume) of every listed user. */
  toUsers(userIds: Iterable<string>, t: string, d: unknown): void {
    for (const userId of new Set(userIds)) {
      for (const session of this.byUser.get(userId) ?? []) session.dispatch(t, d);
    }
  }

  /** INTERACTION_*: the named session when it is connected, else every session of that user. */
  toSession(userId: string, sessionId: string, t: string, d: unknown): void {
    const named = this.sessions.get(sessionId);
    if (named && named.userId === userId && named.link) {
      named.dispatch(t, d);
      return;
    }
    this.toUsers([userId], t, d);
  }

  close(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.byUser.clear();
  }
}
