/**
 * The baseline (forked by the bench): a bare Fastify server answering the service's fetch and
 * list-by-condition paths with fixed bytes, the very bytes the service answered, with no work behind them.
 */
import Fastify from 'fastify';
import { answerParent } from './ipc.js';

export type BareRouteRequest =
  | { type: 'origin' }
  | { type: 'serve'; fetchBody: string; listBody: string };

const JSON_TYPE = 'application/json; charset=utf-8';

let fetchBody = '{}';
let listBody = '[]';
const app = Fastify();
app.get('/mj/task/:id/fetch', (_request, reply) => reply.type(JSON_TYPE).send(fetchBody));
app.post('/mj/task/list-by-condition', (_request, reply) => reply.type(JSON_TYPE).send(listBody));
const origin = await app.listen({ host: '127.0.0.1', port: 0 });

answerParent(async (request) => {
  const job = request as BareRouteRequest;
  if (job.type === 'serve') ({ fetchBody, listBody } = job);
  return origin;
});
