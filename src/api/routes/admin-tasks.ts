/** The admin's task search and task view (Plus paths /task-admin/*), and the dashboard's numbers. */
import type { FastifyInstance } from 'fastify';
import { SubmitCode, type TaskApi } from '../../tasks/api-port.js';
import type { Task, TaskAction, TaskSearchPage, TaskSearchQuery, TaskStatus } from '../../tasks/task.js';
import { ADMIN_DOC, StatsAnswer, TaskPageSchema, TaskQueryBody, type TaskQueryBodyT } from '../schemas/admin.js';
import { ErrorBodySchema, TaskIdParams, type TaskIdParamsT } from '../schemas/common.js';
import { TaskSchema } from '../schemas/task.js';
import { springPage, type SpringPage } from '../spring-page.js';
import { WireError } from '../wire.js';

const errors = { '4xx': ErrorBodySchema };

/** The body's filters as the store's query; "" means any, as typed clients send unset strings. */
function searchQuery(body: TaskQueryBodyT): TaskSearchQuery {
  const query: TaskSearchQuery = { page: body.pageNumber, size: body.pageSize };
  if (body.id) query.id = body.id.trim();
  if (body.status) query.status = body.status as TaskStatus;
  if (body.action) query.action = body.action as TaskAction;
  if (body.instanceId) query.accountId = body.instanceId;
  if (body.prompt?.trim()) query.prompt = body.prompt.trim();
  if (body.submitTimeStart !== undefined) query.submitTimeStart = body.submitTimeStart;
  if (body.submitTimeEnd !== undefined) query.submitTimeEnd = body.submitTimeEnd;
  return query;
}

export function adminTaskRoutes(scope: FastifyInstance, tasks: TaskApi): void {
  scope.post<{ Body: TaskQueryBodyT }>('/task-admin/query', {
    schema: {
      ...ADMIN_DOC, summary: 'Search tasks by id, status, action, account, submit time and prompt text (a Spring page, newest first)',
      body: TaskQueryBody, response: { 200: TaskPageSchema, ...errors },
    },
    config: { adminRead: true },
  }, async (request): Promise<SpringPage<Task>> => {
    const query = searchQuery(request.body);
    const found: TaskSearchPage = await tasks.search(query);
    return springPage(found.tasks, found.total, query.page, query.size);
  });

  scope.get<{ Params: TaskIdParamsT }>('/task-admin/:id/fetch', {
    schema: {
      ...ADMIN_DOC, summary: 'One task; unknown id: HTTP 404 with code 3', params: TaskIdParams,
      response: { 200: TaskSchema, ...errors },
    },
  }, async (request) => {
    const task = await tasks.fetch(request.params.id);
    if (task === undefined) throw new WireError('task-not-found', request.params.id);
    return task;
  });

  scope.get('/admin/stats', {
    schema: {
      ...ADMIN_DOC, summary: "The dashboard: accounts up / down / locked, today's draws, the last day's failures, fast hours left",
      response: { 200: StatsAnswer, ...errors },
    },
  }, async () => ({ code: SubmitCode.Success, description: 'ok', result: await tasks.stats() }));
}
