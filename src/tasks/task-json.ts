/**
 * The public JSON of a task (SPEC §3), made once per change: the store keeps it and fetch answers it
 * as it is, without a parse and a new serialization per request. Every key is present, in the
 * documented order, with the documented defaults, so a task stored with a key missing (or a number
 * where a string belongs) still reads the way the OpenAPI document describes.
 */
import type { MediaUrls, Task, TaskButton } from './task.js';

const text = (value: unknown, fallback: string): string => (value === undefined || value === null ? fallback : String(value));
const textOrNull = (value: unknown): string | null => (value === undefined || value === null ? null : String(value));
const numberOrNull = (value: number | null | undefined): number | null => value ?? null;

/** Never `[]` (SPEC §3): front ends take any array as "there are media to show". */
function media(list: MediaUrls | undefined): MediaUrls {
  if (!list || list.length === 0) return null;
  const [first, ...rest] = list;
  return [{ url: String(first.url) }, ...rest.map((item) => ({ url: String(item.url) }))];
}

const button = (b: Partial<TaskButton>): TaskButton => ({
  customId: text(b.customId, ''), emoji: text(b.emoji, ''), label: text(b.label, ''), type: b.type ?? 2, style: b.style ?? 2,
});

/** The task with every public key and nothing else, in the order clients see them. */
export function publicTask(task: Task): Task {
  return {
    id: String(task.id),
    action: task.action,
    status: task.status,
    prompt: text(task.prompt, ''),
    promptEn: text(task.promptEn, ''),
    description: text(task.description, ''),
    state: textOrNull(task.state),
    submitTime: numberOrNull(task.submitTime),
    startTime: numberOrNull(task.startTime),
    finishTime: numberOrNull(task.finishTime),
    progress: text(task.progress, '0%'),
    imageUrl: textOrNull(task.imageUrl),
    imageUrls: media(task.imageUrls),
    videoUrl: textOrNull(task.videoUrl),
    videoUrls: media(task.videoUrls),
    seed: textOrNull(task.seed),
    failReason: textOrNull(task.failReason),
    properties: task.properties ?? {},
    buttons: (task.buttons ?? []).map(button),
    botType: task.botType ?? 'MID_JOURNEY',
    mode: task.mode ?? 'FAST',
  };
}

/** What fetch answers for this task, byte for byte. */
export const publicTaskJson = (task: Task): string => JSON.stringify(publicTask(task));

/** JSON made for task objects that never change again (the registry's snapshot of each change). */
const sealedJsons = new WeakMap<Task, string>();

/**
 * The JSON of a task object its caller will never change again, remembered with it: the answer
 * cache and the store row of one change then share one serialization.
 */
export function sealedTaskJson(task: Task): string {
  let json = sealedJsons.get(task);
  if (json === undefined) sealedJsons.set(task, (json = publicTaskJson(task)));
  return json;
}

/** publicTaskJson, without the work when the object was sealed. */
export const taskJsonOf = (task: Task): string => sealedJsons.get(task) ?? publicTaskJson(task);
