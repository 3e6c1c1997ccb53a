/**
 * The load generator's engine (run in its own process, see load-worker.ts): a closed loop on an
 * undici Pool, `connections × pipelining` requests outstanding, for a fixed time; the latency of each.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { distribution, type Distribution } from './stats.js';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface LoadPlan {
  origin: string;
  /** Sent in turn, round and round. */
  requests: LoadRequest[];
  connections: number;
  pipelining: number;
  durationMs: number;
  /** Pause of each outstanding slot between its requests (a light, steady prober); 0 = flat out. */
  pauseMs?: number;
}

export interface LoadResult {
  requests: number;
  /** Answers other than 200, and requests that failed. */
  errors: number;
  firstError?: string;
  seconds: number;
  throughput: number;
  latencyMs: Distribution;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  if (plan.requests.length === 0) throw new Error('a load plan needs at least one request');
  const pool = new Pool(plan.origin, { connections: plan.connections, pipelining: plan.pipelining });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const deadline = started + plan.durationMs;
  const slot = async () => {
    while (performance.now() < deadline) {
      const request = plan.requests[next++ % plan.requests.length] as LoadRequest;
      const t0 = performance.now();
      try {
        const response = await pool.request({
          method: request.method, path: request.path, body: request.body, headers: request.body === undefined ? {} : JSON_HEADERS,
        });
        // Only an error's body is decoded; the others are read to their end and dropped chunk by chunk:
        // joining (or decoding) every 250 KB answer would make the generator, on the same CPUs as
        // the servers, part of what p99 measures.
        if (response.statusCode !== 200) throw new Error(`${request.method} ${request.path} answered ${response.statusCode}: ${(await response.body.text()).slice(0, 200)}`);
        for await (const chunk of response.body) void chunk;
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      if (plan.pauseMs) await sleep(plan.pauseMs);
    }
  };
  await Promise.all(Array.from({ length: plan.connections * plan.pipelining }, slot));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { requests: latencies.length, errors, firstError, seconds, throughput: latencies.length / seconds, latencyMs: distribution(latencies) };
}
