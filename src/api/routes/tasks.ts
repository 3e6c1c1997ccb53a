/** /task/*: fetch, batch fetch, lists, image seed and cancel. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TaskApi } from '../../tasks/api-port.js';
import { ErrorBodySchema, SubmitAnswerSchema, TaskIdParams, type TaskIdParamsT } from '../schemas/common.js';
import { TaskListSchema, TaskSchema } from '../schemas/task.js';
import { IdsBody, ListQuery, type IdsBodyT, type ListQueryT } from '../schemas/tasks.js';
import { JSON_TYPE, WireError } from '../wire.js';

const tags = ['task'];
const [OPEN, COMMA, CLOSE] = ['[', ',', ']'].map((text) => Buffer.from(text)) as [Buffer, Buffer, Buffer];

/** The JSON array of these JSON values, as bytes. */
function jsonArray(jsons: readonly Buffer[]): Buffer {
  const parts = [OPEN];
  jsons.forEach((json, i) => parts.push(...(i === 0 ? [json] : [COMMA, json])));
  parts.push(CLOSE);
  return Buffer.concat(parts);
}
const errors = { '4xx': ErrorBodySchema };

export function taskRoutes(scope: FastifyInstance, tasks: TaskApi): void {
  scope.get<{ Params: TaskIdParamsT }>('/task/:id/fetch', {
    schema: {
      tags, summary: 'One task; unknown id: HTTP 404 with code 3', params: TaskIdParams,
      response: { 200: TaskSchema, ...errors },
    },
  }, (request, reply) => {
    // The task's JSON as made at its last change (bytes with a JSON type skip the serializer). Most
    // polls find it in memory and are answered in this call: no promise per request.
    const ready = tasks.fetchJsonReady(request.params.id);
    if (ready === undefined) return fetchLater(request.params.id, reply);
    reply.type(JSON_TYPE).send(ready);
    return undefined;
  });
  const fetchLater = async (id: string, reply: FastifyReply) => {
    const json = await tasks.fetchJson(id);
    if (json === undefined) throw new WireError('task-not-found', id);
    return reply.type(JSON_TYPE).send(json);
  };

  const listByIds = {
    schema: {
      tags, summary: 'The tasks with these ids (unknown ids left out)', body: IdsBody,
      response: { 200: TaskListSchema, ...errors },
    },
  };
  const byIds = async (request: FastifyRequest<{ Body: IdsBodyT | undefined }>, reply: FastifyReply) => {
    const jsons = await tasks.listJsonByIds([...new Set(request.body?.ids ?? [])]);
    return reply.type(JSON_TYPE).send(jsonArray(jsons));
  };
  scope.post<{ Body: IdsBodyT }>('/task/list-by-condition', listByIds, byIds);
  scope.post<{ Body: IdsBodyT }>('/task/list-by-ids', listByIds, byIds);

  scope.get<{ Params: TaskIdParamsT }>('/task/:id/image-seed', {
    schema: { tags, summary: 'The seed of the image (result)', params: TaskIdParams, response: { 200: SubmitAnswerSchema, ...errors } },
  }, (request) => tasks.imageSeed(request.params.id));

  scope.post<{ Params: TaskIdParamsT }>('/task/:id/cancel', {
    schema: { tags, summary: 'Cancel a task that has not ended', params: TaskIdParams, response: { 200: SubmitAnswerSchema, ...errors } },
  }, (request) => tasks.cancel(request.params.id));

  scope.get<{ Querystring: ListQueryT }>('/task/list', {
    schema: { tags, summary: 'Recent tasks, newest first (a bare array)', querystring: ListQuery, response: { 200: TaskListSchema, ...errors } },
  }, (request) => tasks.list(request.query.page, request.query.size));

  scope.get('/task/queue', {
    schema: { tags, summary: 'Unfinished tasks (a bare array)', response: { 200: TaskListSchema, ...errors } },
  }, () => tasks.queue());
}
