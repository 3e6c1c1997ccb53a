// Preloaded into the service under test (node --import): its event-loop delay, read by the bench
// over the IPC channel with the envelope of ipc.ts. Plain JavaScript: the service runs from dist/.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const NS_PER_MS = 1e6;
const RESOLUTION_MS = 10;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

process.on('message', (message) => {
  if (message?.request?.type !== 'lag') return;
  const result = { p50Ms: histogram.percentile(50) / NS_PER_MS, p99Ms: histogram.percentile(99) / NS_PER_MS, maxMs: histogram.max / NS_PER_MS };
  if (message.request.reset) histogram.reset();
  process.send?.({ id: message.id, result });
});
// The channel must not keep the service alive once it wants to exit.
process.channel?.unref();
