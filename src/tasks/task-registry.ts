/**
 * Tasks in flight live in memory (fresh for fetch and the matcher); every change is written to the
 * store and told to the listener (notify hooks). Finished tasks are read from the store. What fetch
 * answers is serialized once per change (or read once from the store) and kept a while (answer-cache.ts).
 */
import { cloneData } from '../lib/clone-data.js';
import type { Logger } from '../lib/logger.js';
import { AnswerCache } from './answer-cache.js';
import type { TaskChangeListener } from './ports.js';
import { publicTaskJson, sealedTaskJson } from './task-json.js';
import { isTerminal, type StoredTask, type Task, type TaskListQuery, type TaskStore } from './task.js';

/** Answers kept: every task in flight on hundreds of accounts, those just finished, and some 25k a relay polls. */
const ANSWER_BYTES = 64 * 1024 * 1024;
/** Clients poll a finished task a little longer, then stop asking. */
const ANSWER_MAX_AGE_MS = 60_000;

export class TaskRegistry {
  private readonly live = new Map<string, StoredTask>();
  private readonly writes = new Map<string, Promise<boolean>>();
  private readonly turns = new Map<string, Promise<unknown>>();
  /** Per task, the save queued behind the running one, not begun yet: a newer change takes its place. */
  private readonly waitingSaves = new Map<string, { snapshot: StoredTask; write: Promise<boolean> }>();
  private readonly answers = new AnswerCache(ANSWER_BYTES, ANSWER_MAX_AGE_MS);

  constructor(
    private readonly store: TaskStore,
    private readonly listener: TaskChangeListener,
    private readonly logger: Logger,
    /** Keep what was read from the store for the next poll: not where other instances change tasks too (cluster mode). */
    private readonly keepReads = true,
  ) {}

  /** Puts a new (or re-attached) task in flight. Saving and notifying is the caller's choice. */
  track(entry: StoredTask): void {
    this.live.set(entry.task.id, entry);
    // An answer kept from an earlier read must not shadow the task in flight.
    this.answers.delete(entry.task.id);
  }

  forget(id: string): void {
    this.live.delete(id);
    this.answers.delete(id);
  }

  /** Tasks gone from the store (retention): never answered from memory again. */
  forgetAnswers(ids: readonly string[]): void {
    for (const id of ids) this.answers.delete(id);
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

  /** The public JSON fetch answers: from memory when the task changed or was read lately, else the stored text. */
  async getTaskJson(id: string): Promise<Buffer | undefined> {
    const memory = this.memoryJson(id);
    if (memory !== undefined) return memory;
    const mark = this.answers.mark();
    const json = await this.store.getTaskJson(id);
    if (json !== undefined && this.keepReads) this.answers.putRead(id, json, mark);
    return json;
  }

  /** The public JSON texts of these ids, in the order asked (unknown ids left out): from memory, the rest in one read of the store. */
  async getTaskJsons(ids: readonly string[]): Promise<Buffer[]> {
    const inMemory = ids.map((id) => this.memoryJson(id));
    const missing = ids.filter((_, index) => inMemory[index] === undefined);
    // Most lists are polls of tasks memory holds: nothing to read, nothing to put back in order.
    if (missing.length === 0) return inMemory as Buffer[];
    const mark = this.answers.mark();
    const read = await this.store.getTaskJsons(missing);
    if (this.keepReads) for (const [id, json] of read) this.answers.putRead(id, json, mark);
    return inMemory.flatMap((json, index) => json ?? read.get(ids[index] as string) ?? []);
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
   * A change made while the task's previous save is still running replaces any save waiting behind
   * it: under load, a task's quick progress steps cost one write, not one each (every hook still goes).
   */
  commit(entry: StoredTask, options: { notify?: boolean } = {}): Promise<void> {
    const { task } = entry;
    // The state of this change, for the store and the listener; nothing changes it afterwards.
    const snapshot: StoredTask = cloneData(entry);
    // Visible to fetch now, before the write: memory is ahead of the store, never behind.
    this.answers.put(task.id, Buffer.from(sealedTaskJson(snapshot.task)));
    const write = this.save(snapshot);
    const done = write.then(() => undefined);
    void write.then((saved) => {
      if (this.writes.get(task.id) === write) this.writes.delete(task.id);
      if (!saved) this.answers.delete(task.id);
      // Leave memory only once the store has the final state, so a fetch never reads an older one.
      if (isTerminal(snapshot.task.status) && this.live.get(task.id) === entry) this.live.delete(task.id);
      // A change the store refused (cluster mode: this instance lost the account) is announced nowhere.
      if (saved && options.notify !== false) this.listener(snapshot.task);
    });
    return done;
  }

  /** Resolves once the task's pending writes are done. */
  saved(id: string): Promise<void> {
    return (this.writes.get(id) ?? Promise.resolve()).then(() => undefined);
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

  /** The write that will store `snapshot` (or a newer state of the task): the waiting one, or a new one after the running one. */
  private save(snapshot: StoredTask): Promise<boolean> {
    const id = snapshot.task.id;
    const waiting = this.waitingSaves.get(id);
    if (waiting) {
      waiting.snapshot = snapshot;
      return waiting.write;
    }
    const slot = { snapshot, write: Promise.resolve(true) };
    const previous = this.writes.get(id) ?? Promise.resolve();
    slot.write = previous
      .then(async () => {
        this.waitingSaves.delete(id);
        await this.store.save(slot.snapshot);
        return true;
      })
      .catch((error: unknown) => {
        this.logger.error({ err: error, taskId: id }, 'saving a task failed');
        return false;
      });
    this.waitingSaves.set(id, slot);
    this.writes.set(id, slot.write);
    return slot.write;
  }

  /** The public JSON when memory holds the task or its answer (made now for a task in flight); undefined means the store has to be read. */
  memoryJson(id: string): Buffer | undefined {
    const cached = this.answers.get(id);
    if (cached !== undefined) return cached;
    const entry = this.live.get(id);
    if (entry === undefined) return undefined;
    const json = Buffer.from(publicTaskJson(entry.task));
    this.answers.put(id, json);
    return json;
  }

  /** Waits for every pending write (shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.writes.values()]);
  }
}
