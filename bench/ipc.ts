/**
 * Request / answer over the IPC channel of a forked child, matched by id, so one child can serve
 * several requests at once. The lag probe (lag-probe.mjs) speaks the same envelope in plain JS.
 */
import type { ChildProcess } from 'node:child_process';

interface Envelope {
  id: number;
  request?: unknown;
  result?: unknown;
  error?: string;
}

const READY = 'ready';
let nextId = 1;

const isEnvelope = (value: unknown): value is Envelope =>
  typeof value === 'object' && value !== null && typeof (value as Envelope).id === 'number';

/** Sends `request` to the child and resolves with its answer (rejects with its error or its exit). */
export function ask<T>(child: ChildProcess, request: unknown): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isEnvelope(message) || message.id !== id || 'request' in message) return;
      cleanup();
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.result as T);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`child ${child.pid} exited (${signal ?? code}) before answering ${JSON.stringify(request).slice(0, 80)}`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send({ id, request });
  });
}

/** Resolves once the child has called answerParent (a request sent earlier would find no listener). */
export function childReady(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (typeof message !== 'object' || message === null || !(READY in message)) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve();
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`child ${child.pid} exited (${code}) before it was ready`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** In a forked child: answers each request from the parent with `handle`'s result or error. */
export function answerParent(handle: (request: unknown) => Promise<unknown>): void {
  process.on('message', (message: unknown) => {
    if (!isEnvelope(message) || !('request' in message)) return;
    handle(message.request).then(
      (result) => process.send?.({ id: message.id, result }),
      (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.send?.({ [READY]: true });
}
