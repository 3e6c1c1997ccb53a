/** Runs abortable work under one deadline, answering on time even if the work ignores its signal. */

export class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * `running` holds the controller while the work runs, so an owner can abort everything on close.
 * Rejects with DeadlineError after `ms`, or with the abort reason when aborted from outside.
 */
export async function withDeadline<T>(
  ms: number,
  running: Set<AbortController>,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineError(ms)), ms);
  const aborted = new Promise<never>((_resolve, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  running.add(controller);
  try {
    return await Promise.race([work(controller.signal), aborted]);
  } finally {
    clearTimeout(timer);
    running.delete(controller);
    // Ends whatever the work still has open (the other parallel calls of a failed batch).
    controller.abort(new Error('translation finished'));
  }
}
