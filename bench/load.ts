/** A bounded closed-loop load generator on undici: N requests, C at a time, latency of each. */
import { Pool } from 'undici';

export interface LoadResult {
  requests: number;
  seconds: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export async function runLoad(origin: string, total: number, concurrency: number, next: (i: number) => LoadRequest): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: concurrency });
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < total) {
      const request = next(issued++);
      const t0 = performance.now();
      const response = await pool.request({
        method: request.method,
        path: request.path,
        body: request.body,
        headers: request.body ? { 'content-type': 'application/json' } : {},
      });
      await response.body.text();
      if (response.statusCode !== 200) throw new Error(`${request.path} answered ${response.statusCode}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: total, seconds, throughput: total / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}
