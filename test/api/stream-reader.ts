/** Opens a task stream over a real socket and reads its events one by one (tests). */
import { setTimeout as sleep } from 'node:timers/promises';
import { readEvents, type SseEvent } from '../../clients/typescript/src/sse.js';
import type { Task } from '../../src/tasks/task.js';

const EVENT_WAIT_MS = 20_000;

export interface OpenStream {
  status: number;
  contentType: string | null;
  /** The next event; rejects when none comes in time. */
  next(): Promise<SseEvent>;
  /** Every event until the server closes the stream. */
  rest(): Promise<SseEvent[]>;
  close(): void;
}

export async function openStream(url: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events = response.body ? readEvents(response.body) : undefined;
  const next = async (): Promise<SseEvent> => {
    if (!events) throw new Error('no body');
    const timeout = sleep(EVENT_WAIT_MS, 'timeout' as const, { ref: false });
    const result = await Promise.race([events.next(), timeout]);
    if (result === 'timeout') throw new Error('no event in time');
    if (result.done === true) throw new Error('the stream ended');
    return result.value;
  };
  const rest = async (): Promise<SseEvent[]> => {
    const all: SseEvent[] = [];
    for (;;) {
      try {
        all.push(await next());
      } catch (error) {
        if ((error as Error).message === 'the stream ended') return all;
        throw error;
      }
    }
  };
  return { status: response.status, contentType: response.headers.get('content-type'), next, rest, close: () => abort.abort() };
}

export const taskOf = (event: SseEvent): Task => JSON.parse(event.data) as Task;
