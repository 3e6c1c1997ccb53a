/**
 * prom-client's default metrics (CPU, memory, heap, handles, GC, event-loop lag ...): facts of the
 * process, collected once per process however many services it runs (tests start several).
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

export function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
