/**
 * SIGINT / SIGTERM (and the other termination signals) close the service within a bounded time and
 * say how it went in one log line: stopped, closing failed, or the deadline passed while waiting for
 * a named step. A second signal exits at once.
 */
import closeWithGrace from 'close-with-grace';
import type { Logger } from './logger.js';

/** Below Docker's 10 s between SIGTERM and SIGKILL, so our own last line still gets out. */
export const SHUTDOWN_DEADLINE_MS = 8_000;

/** Told the name of each closing step as it begins, so a timeout can say what it waited for. */
export type OnCloseStep = (name: string) => void;

export interface ShutdownOptions {
  logger: Logger;
  close(onStep: OnCloseStep): Promise<void>;
  deadlineMs?: number;
}

export function closeOnSignals(options: ShutdownOptions): { uninstall(): void } {
  const { logger, deadlineMs = SHUTDOWN_DEADLINE_MS } = options;
  let reason = '';
  let step = 'start';
  const handle = closeWithGrace({
    delay: deadlineMs,
    logger: false,
    // Errors nobody caught have their own policy (process-guard.ts): they do not stop the service.
    skip: ['uncaughtException', 'unhandledRejection'],
    onTimeout: () => logger.error({ signal: reason, deadlineMs, waitingFor: step }, `mj-proxy stopped: closing took longer than ${deadlineMs} ms`),
    onSecondSignal: (signal) => logger.warn({ signal, waitingFor: step }, 'mj-proxy stopped at once on a second signal'),
  }, async ({ signal, manual }) => {
    reason = signal ?? (manual ? 'manual' : 'beforeExit');
    const startedAt = performance.now();
    try {
      await options.close((name) => { step = name; });
    } catch (error) {
      logger.error({ signal: reason, failedAt: step, err: error }, 'mj-proxy stopped: closing failed');
      throw error;
    }
    logger.info({ signal: reason, ms: Math.round(performance.now() - startedAt) }, 'mj-proxy stopped');
  });
  return { uninstall: handle.uninstall };
}
