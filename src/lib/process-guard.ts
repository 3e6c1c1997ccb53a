/**
 * The process-level policy for errors nobody caught. Once the service is up, an unhandled promise
 * rejection or an uncaught exception is logged and counted, and the process keeps serving: one
 * failed callback must not end every task in flight and every open request. What stays fatal:
 * an uncaught exception before the service is up (a start-up that half worked is worse than a
 * loud exit), and what Node cannot survive anyway (out of memory, a native abort).
 */
import type { Logger } from './logger.js';
import { incidents, type IncidentCounters } from './incidents.js';

export interface ProcessGuard {
  /** From now on uncaught exceptions are survived instead of ending the process. */
  markStarted(): void;
  uninstall(): void;
}

const FATAL_EXIT_CODE = 1;

export function guardProcess(logger: Logger, counters: IncidentCounters = incidents): ProcessGuard {
  let started = false;

  const onRejection = (reason: unknown): void => {
    counters.count('unhandledRejections');
    logger.error({ err: reason }, 'unhandled promise rejection (logged and counted; mj-proxy keeps running)');
  };
  const onException = (error: Error, origin: string): void => {
    counters.count('uncaughtExceptions');
    if (!started) {
      logger.fatal({ err: error, origin }, 'uncaught exception during start-up; exiting');
      process.exit(FATAL_EXIT_CODE);
    }
    logger.error({ err: error, origin }, 'uncaught exception (logged and counted; mj-proxy keeps running)');
  };

  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    markStarted() {
      started = true;
    },
    uninstall() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
