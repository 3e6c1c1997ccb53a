/**
 * Tasks in flight live in memory (fresh for fetch and the matcher); every change is written to the
 * store and told to the listener (notify hooks). Finished tasks are read from the store.
 */
import type { Logger } from '../lib/logger.js';
import type { TaskChangeListener } from './ports.js';
import { isTerminal, type StoredTask, type Task, type TaskListQuery, type TaskStore } from './task.js';

export class TaskRegistry {
  private readonly live = new Map<string, StoredTask>();
  private readonly writes = new Map<string, Promise<void>>();
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: TaskStore,
    private readonly listener: TaskChangeListener,
    private readonly logger: Logger,
  ) {}

  /** Puts a new (or re-attached) task in flight. Saving and notifying is the caller's choice. */
  track(entry: StoredTask): void {
    this.live.set(entry.task.id, entry);
  }

  forget(id: string): void {
    this.live.delete(id);
  }

  liveEntry(id: string): StoredTask | undefined {
    return this.live.get(id);
  }

  liveEntries(): StoredTask[] {
    return [...this.live.values()];
  }

  async get(id: string): Promise<StoredTask | undefined> {
    return this.live.get(id) ?? (await this.store.get(id));
  }

  /** The public task only: for a finished task the store reads its public JSON, not the runtime. */
  async getTask(id: string): Promise<Task | undefined> {
    return this.live.get(id)?.task ?? (await this.store.getTask(id));
  }

  async getMany(ids: readonly string[]): Promise<Task[]> {
    const found = new Map<string, Task>();
    const missing: string[] = [];
    for (const id of ids) {
      const entry = this.live.get(id);
      if (entry) found.set(id, entry.task);
      else missing.push(id);
    }
    if (missing.length > 0) for (const task of await this.store.getTasks(missing)) found.set(task.id, task);
    return [...found.values()];
  }

  list(query: TaskListQuery): Promise<Task[]> {
    return this.store.list(query);
  }

  /**
   * Saves (in order per task), then tells the listener: a hook never announces a state the store
   * does not have yet, so none goes backwards after a crash. Terminal tasks leave memory once saved.
   */
  commit(entry: StoredTask, options: { notify?: boolean } = {}): Promise<void> {
    const { task } = entry;
    const snapshot: StoredTask = structuredClone(entry);
    const previous = this.writes.get(task.id) ?? Promise.resolve();
    const write = previous
      .then(async () => {
        await this.store.save(snapshot);
        return true;
      })
      .catch((error: unknown) => {
        this.logger.error({ err: error, taskId: task.id }, 'saving a task failed');
        return false;
      });
    const done = write.then(() => undefined);
    this.writes.set(task.id, done);
    void write.then((saved) => {
      if (this.writes.get(task.id) === done) this.writes.delete(task.id);
      // Leave memory only once the store has the final state, so a fetch never reads an older one.
      if (isTerminal(snapshot.task.status) && this.live.get(task.id) === entry) this.live.delete(task.id);
      // A change the store refused (cluster mode: this instance lost the account) is announced nowhere.
      if (saved && options.notify !== false) this.listener(snapshot.task);
    });
    return done;
  }

  /** Resolves once the task's pending writes are done. */
  saved(id: string): Promise<void> {
    return this.writes.get(id) ?? Promise.resolve();
  }

  /**
   * Runs `run` once every earlier run for the same task is over: in cluster mode a task taken from
   * the shared queue (read from the store) and a cancel of it never interleave.
   */
  oneAtATime<T>(id: string, run: () => Promise<T>): Promise<T> {
    const turn = (this.turns.get(id) ?? Promise.resolve()).then(run, run);
    this.turns.set(id, turn);
    const over = () => {
      if (this.turns.get(id) === turn) this.turns.delete(id);
    };
    turn.then(over, over);
    return turn;
  }

  /** Waits for every pending write (shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.writes.values()]);
  }
}
