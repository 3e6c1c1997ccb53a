/**
 * What one live stream connection tells its client: the state of each followed task, then every
 * change, then `end` once the task is terminal. Changes are coalesced per task (a slow client gets
 * the newest state, not a backlog), so a connection holds at most one pending state per task.
 */
import type { Unsubscribe } from '../lib/change-hub.js';
import { deferred, type Deferred } from '../lib/deferred.js';
import { isTerminal, type Task } from '../tasks/task.js';
import { formatCursor, parseCursor, versionToken } from './stream-cursor.js';

/** Where changes of tasks come from (the change hub main.ts builds). */
export interface TaskFeed {
  subscribe(taskId: string, listener: (task: Task) => void): Unsubscribe;
}

export type StreamEvent =
  /** `cursor` is the event id: what the client holds of every followed task after this event. */
  | { kind: 'task'; cursor: string; json: string }
  | { kind: 'end'; taskId: string };

interface Followed {
  /** The version of the task the client holds (from Last-Event-ID, or sent on this connection). */
  token: string | undefined;
  ended: boolean;
  unsubscribe: Unsubscribe;
}

export class TaskFollower {
  private readonly followed = new Map<string, Followed>();
  /** The newest state of each task not told yet. */
  private readonly pending = new Map<string, Task>();
  private wake: Deferred<void> | undefined;
  private closed = false;

  /**
   * Subscribes at once, so no change is lost between reading the tasks and calling start().
   * @param serialize the task as JSON, exactly as fetch answers it
   */
  constructor(
    private readonly ids: readonly string[],
    feed: TaskFeed,
    private readonly serialize: (task: Task) => string,
    lastEventId: string | null,
  ) {
    const held = parseCursor(lastEventId, ids.length);
    ids.forEach((id, i) => {
      this.followed.set(id, { token: held[i], ended: false, unsubscribe: feed.subscribe(id, (task) => this.offer(task)) });
    });
  }

  /** The tasks as read after subscribing; a change told since then is at least as new and wins. */
  start(current: readonly Task[]): void {
    for (const task of current) if (!this.pending.has(task.id)) this.pending.set(task.id, task);
    this.wake?.resolve();
  }

  /** Events in order until every task has ended or close() is called. */
  async *events(): AsyncGenerator<StreamEvent> {
    while (!this.closed) {
      const next = this.takePending();
      if (next === undefined) {
        this.wake = deferred();
        await this.wake.promise;
        continue;
      }
      yield* this.eventsFor(next);
      if ([...this.followed.values()].every((followed) => followed.ended)) this.close();
    }
  }

  /** Frees the subscriptions and ends events(); safe to call more than once. */
  close(): void {
    this.closed = true;
    for (const followed of this.followed.values()) followed.unsubscribe();
    this.pending.clear();
    this.wake?.resolve();
  }

  private offer(task: Task): void {
    if (this.closed || this.followed.get(task.id)?.ended !== false) return;
    this.pending.set(task.id, task);
    this.wake?.resolve();
  }

  private takePending(): Task | undefined {
    const first = this.pending.entries().next();
    if (first.done === true) return undefined;
    this.pending.delete(first.value[0]);
    return first.value[1];
  }

  private *eventsFor(task: Task): Generator<StreamEvent> {
    const followed = this.followed.get(task.id);
    if (followed === undefined || followed.ended) return;
    const json = this.serialize(task);
    const token = versionToken(json);
    // The same state again (a save without a visible change, or the one the client resumed with).
    if (token !== followed.token) {
      followed.token = token;
      yield { kind: 'task', cursor: formatCursor(this.ids.map((id) => this.followed.get(id)?.token)), json };
    }
    if (isTerminal(task.status)) {
      followed.ended = true;
      followed.unsubscribe();
      yield { kind: 'end', taskId: task.id };
    }
  }
}
