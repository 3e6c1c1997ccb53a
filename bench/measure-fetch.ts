/**
 * fetch and list-by-condition against the bare route serving the same bytes: the same load
 * generator, connections and requests, the two servers measured in turn, round after round.
 */
import type { ChildProcess } from 'node:child_process';
import { ask } from './ipc.js';
import type { LoadPlan, LoadRequest, LoadResult } from './load.js';
import type { LoadWorkerRequest } from './load-worker.js';
import type { LoadShape } from './profile.js';
import { median } from './stats.js';

export interface Comparison {
  /** Service throughput / bare throughput (median round). */
  ratio: number;
  serviceThroughput: number;
  bareThroughput: number;
  serviceP99Ms: number;
  bareP99Ms: number;
  bodyBytes: number;
}

export interface Targets {
  service: string;
  bare: string;
  /** The load generator process. */
  worker: ChildProcess;
  /** The bare route process. */
  bareRoute: ChildProcess;
}

const load = async (worker: ChildProcess, plan: LoadPlan): Promise<LoadResult> => {
  const result = await ask<LoadResult>(worker, { type: 'load', plan } satisfies LoadWorkerRequest);
  if (result.errors > 0) throw new Error(`${result.errors} of the requests to ${plan.origin} failed, first: ${result.firstError}`);
  return result;
};

async function compare(targets: Targets, requests: LoadRequest[], shape: LoadShape, bodyBytes: number): Promise<Comparison> {
  const plan = (origin: string, durationMs: number): LoadPlan => ({
    origin, requests, connections: shape.connections, pipelining: shape.pipelining, durationMs,
  });
  await load(targets.worker, plan(targets.bare, shape.warmupMs));
  await load(targets.worker, plan(targets.service, shape.warmupMs));
  const rounds: { service: LoadResult; bare: LoadResult }[] = [];
  for (let round = 0; round < shape.rounds; round++) {
    // Alternate who goes first, so a slow spell of the shared machine does not always hit the same side.
    const serviceFirst = round % 2 === 1;
    const first = await load(targets.worker, plan(serviceFirst ? targets.service : targets.bare, shape.roundMs));
    const second = await load(targets.worker, plan(serviceFirst ? targets.bare : targets.service, shape.roundMs));
    rounds.push(serviceFirst ? { service: first, bare: second } : { service: second, bare: first });
  }
  return {
    ratio: median(rounds.map((r) => r.service.throughput / r.bare.throughput)),
    serviceThroughput: median(rounds.map((r) => r.service.throughput)),
    bareThroughput: median(rounds.map((r) => r.bare.throughput)),
    serviceP99Ms: median(rounds.map((r) => r.service.latencyMs.p99)),
    bareP99Ms: median(rounds.map((r) => r.bare.latencyMs.p99)),
    bodyBytes,
  };
}

/** Takes the service's own answers as the bare route's bytes, then measures fetch and list-by-condition. */
export async function measureFetchAndList(
  targets: Targets, ids: string[], idsPerList: number, shapes: { fetch: LoadShape; list: LoadShape },
): Promise<{ fetch: Comparison; list: Comparison }> {
  const fetchRequests: LoadRequest[] = ids.map((id) => ({ method: 'GET', path: `/mj/task/${id}/fetch` }));
  const listRequests: LoadRequest[] = [];
  for (let start = 0; start + idsPerList <= ids.length; start += idsPerList) {
    listRequests.push({ method: 'POST', path: '/mj/task/list-by-condition', body: JSON.stringify({ ids: ids.slice(start, start + idsPerList) }) });
  }
  const [sampleFetch, sampleList] = [fetchRequests[0], listRequests[0]];
  if (!sampleFetch || !sampleList) throw new Error(`too few ids (${ids.length}) for a list of ${idsPerList}`);
  const fetchBody = await (await fetch(targets.service + sampleFetch.path)).text();
  const listBody = await (await fetch(targets.service + sampleList.path, { method: 'POST', body: sampleList.body, headers: { 'content-type': 'application/json' } })).text();
  if ((JSON.parse(listBody) as unknown[]).length !== idsPerList) throw new Error(`list-by-condition did not answer ${idsPerList} tasks`);
  await ask(targets.bareRoute, { type: 'serve', fetchBody, listBody });
  return {
    fetch: await compare(targets, fetchRequests, shapes.fetch, Buffer.byteLength(fetchBody)),
    list: await compare(targets, listRequests, shapes.list, Buffer.byteLength(listBody)),
  };
}
