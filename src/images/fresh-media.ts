/**
 * What a client reads of a task shows media it can download: a Discord link that has expired is
 * swapped for a fresh one (and saved) before the answer goes out, and a finished task that still
 * shows Discord media gets another re-hosting attempt.
 */
import type { TaskApi } from '../tasks/api-port.js';
import { isTerminal, type Task } from '../tasks/task.js';
import { publicTaskJson } from '../tasks/task-json.js';
import type { DiscordMediaUrls } from './discord-media.js';
import type { ResultHosting, TaskUpdates } from './result-hosting.js';
import { mediaUrlsOf, replaceMediaUrls } from './task-media.js';
import type { UrlRefresher } from './url-refresh.js';

/**
 * What the last look at an answer found: no Discord media at all; or media good until a time (a
 * finished task's with its id, for the state of its re-hosting).
 */
type Look = 'clean' | { goodUntil: number; finishedId: string | null };

export class TaskMediaFreshness {
  /**
   * Answers looked at already, by their bytes (one lookup per answer polled again): one that mentions
   * no Discord media, and one of a task in flight polled before its first link needs a refresh, go
   * out as they are, not parsed and written anew. So does a finished task's while its re-hosting is
   * under way (or with no re-hosting at all); else it is parsed for another attempt.
   */
  private readonly looks = new WeakMap<Buffer, Look>();

  constructor(
    private readonly discord: DiscordMediaUrls,
    private readonly refresher: UrlRefresher,
    private readonly tasks: Pick<TaskUpdates, 'get' | 'commit'>,
    /** Absent with images.store: none. */
    private readonly hosting?: Pick<ResultHosting, 'onTaskRead' | 'isHandling'>,
  ) {}

  /** The tasks as they should be answered: expired Discord links refreshed. */
  async freshen(tasks: Task[]): Promise<Task[]> {
    for (const task of tasks) this.hosting?.onTaskRead(task);
    const now = Date.now();
    const expired = tasks.flatMap((task) => mediaUrlsOf(task))
      .filter((url) => this.discord.isDiscordMedia(url) && this.discord.isExpired(url, now));
    if (expired.length === 0) return tasks;
    const fresh = await this.refresher.refreshAll(expired);
    if (fresh.size === 0) return tasks;
    return Promise.all(tasks.map((task) => this.apply(task, fresh)));
  }

  /**
   * The same for answers already serialized: a text that mentions no Discord media goes out as it
   * is (the common case: results are re-hosted), and so does a task in flight whose links are all
   * still good; only the others are parsed, freshened, and written anew when anything changed.
   */
  async freshenJsons(jsons: Buffer[]): Promise<Buffer[]> {
    const now = Date.now();
    const suspects: number[] = [];
    for (let index = 0; index < jsons.length; index++) if (this.needsLook(jsons[index] as Buffer, now)) suspects.push(index);
    if (suspects.length === 0) return jsons;
    const read = suspects.map((index) => JSON.parse((jsons[index] as Buffer).toString()) as Task);
    const fresh = await this.freshen(read);
    const answers = [...jsons];
    suspects.forEach((index, i) => {
      const task = fresh[i] as Task;
      if (task === read[i]) this.remember(jsons[index] as Buffer, task);
      else answers[index] = Buffer.from(publicTaskJson(task));
    });
    return answers;
  }

  /** Whether this answer goes out unchanged without a look (what freshenJsons would answer at once). */
  goesOutAsIs(json: Buffer): boolean {
    return !this.needsLook(json, Date.now());
  }

  /** What an answer that went out unchanged needs at the next poll. */
  private remember(json: Buffer, task: Task): void {
    const media = mediaUrlsOf(task).filter((url) => this.discord.isDiscordMedia(url));
    // Discord named only elsewhere (a prompt's image link): nothing to refresh or re-host, ever.
    if (media.length === 0) {
      this.looks.set(json, 'clean');
      return;
    }
    const goodUntil = Math.min(...media.map((url) => this.discord.refreshAt(url) ?? Infinity));
    this.looks.set(json, { goodUntil, finishedId: isTerminal(task.status) ? task.id : null });
  }

  /** Whether the answer may need a refreshed link, or (finished) another re-hosting attempt. */
  private needsLook(json: Buffer, now: number): boolean {
    const look = this.looks.get(json);
    if (look === 'clean') return false;
    if (look !== undefined && now < look.goodUntil && (look.finishedId === null || (this.hosting?.isHandling(look.finishedId) ?? true))) return false;
    if (this.discord.mayMention(json)) return true;
    this.looks.set(json, 'clean');
    return false;
  }

  private async apply(task: Task, fresh: ReadonlyMap<string, string>): Promise<Task> {
    if (!mediaUrlsOf(task).some((url) => fresh.has(url))) return task;
    const entry = await this.tasks.get(task.id);
    if (!entry) return task;
    // A refreshed link is the same file: saved, but no reason to call the hook.
    if (replaceMediaUrls(entry.task, fresh)) void this.tasks.commit(entry, { notify: false });
    return entry.task;
  }
}

/** The task API with fetch, the lists and the search answered through `freshness`; every other call goes straight through. */
export function withFreshMedia(api: TaskApi, freshness: TaskMediaFreshness): TaskApi {
  const reads: Pick<TaskApi, 'fetch' | 'fetchJson' | 'fetchJsonReady' | 'listByIds' | 'listJsonByIds' | 'list' | 'search'> = {
    fetch: async (id) => {
      const task = await api.fetch(id);
      return task && (await freshness.freshen([task]))[0];
    },
    fetchJson: async (id) => {
      const json = await api.fetchJson(id);
      return json && (await freshness.freshenJsons([json]))[0];
    },
    fetchJsonReady: (id) => {
      const json = api.fetchJsonReady(id);
      return json && freshness.goesOutAsIs(json) ? json : undefined;
    },
    listByIds: async (ids) => freshness.freshen(await api.listByIds(ids)),
    listJsonByIds: async (ids) => freshness.freshenJsons(await api.listJsonByIds(ids)),
    list: async (page, size) => freshness.freshen(await api.list(page, size)),
    search: async (query) => {
      const page = await api.search(query);
      return { ...page, tasks: await freshness.freshen(page.tasks) };
    },
  };
  return new Proxy(api, {
    get: (target, key, receiver) => (Object.hasOwn(reads, key) ? reads[key as keyof typeof reads] : Reflect.get(target, key, receiver)),
  });
}
