/** The account admin routes (docs/admin-api.md, "Accounts"): the Plus paths under /mj/account/*. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AccountNotFoundError, type AccountManager } from '../../accounts/account-manager.js';
import type { AccountView } from '../../accounts/account-view.js';
import { AccountFieldError, type ManagedAccount } from '../../accounts/managed-account.js';
import { SubmitCode } from '../../tasks/api-port.js';
import {
  AccountAnswer, AccountFieldsBody, AccountIdParams, AccountList, AccountPage, AccountQueryBody, AccountSchema, DoneAnswer,
  type AccountIdParamsT, type AccountQueryBodyT,
} from '../schemas/admin-accounts.js';
import { ADMIN_DOC } from '../schemas/admin.js';
import { ErrorBodySchema } from '../schemas/common.js';
import { springPage, type SpringPage } from '../spring-page.js';

export type AccountAdmin = Pick<AccountManager, 'list' | 'get' | 'session' | 'view' | 'create' | 'update' | 'remove'>;

const errors = { '4xx': ErrorBodySchema };
const HTTP_NOT_FOUND = 404;

interface Answer<T> {
  code: number;
  description: string;
  result: T | null;
}

/** Runs a change: an unknown id answers code 3, a refused field code 4 naming it (HTTP 200 both). */
async function change<T>(run: () => Promise<T>, description: string): Promise<Answer<T>> {
  try {
    return { code: SubmitCode.Success, description, result: await run() };
  } catch (error) {
    if (error instanceof AccountNotFoundError) return { code: SubmitCode.NotFound, description: error.message, result: null };
    if (error instanceof AccountFieldError) return { code: SubmitCode.Validation, description: error.message, result: null };
    throw error;
  }
}

const SORT_KEYS = {
  dateCreated: (account: ManagedAccount) => account.dateCreated,
  remark: (account: ManagedAccount) => account.remark,
  status: (account: ManagedAccount) => account.status,
};

/** The query's filters and order over every account. */
function queried(accounts: ManagedAccount[], body: AccountQueryBodyT): ManagedAccount[] {
  const remark = body.remark?.trim();
  const found = accounts.filter((account) => (!body.status || account.status === body.status)
    && (typeof body.enable !== 'boolean' || body.enable === (account.status !== 'DISABLED'))
    && (!remark || account.remark.includes(remark))
    && (!body.mode || account.mode === body.mode));
  const key = SORT_KEYS[(body.sort || 'dateCreated') as keyof typeof SORT_KEYS];
  const sign = body.direction === 'desc' ? -1 : 1;
  return found.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return sign * (x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

export function adminAccountRoutes(scope: FastifyInstance, accounts: AccountAdmin): void {
  const view = (account: ManagedAccount): AccountView => accounts.view(account);

  scope.post('/account/create', {
    schema: {
      ...ADMIN_DOC, summary: 'Add an account (channelId and userToken required); it connects at once',
      body: AccountFieldsBody, response: { 200: AccountAnswer, ...errors },
    },
    config: { submit: true },
  }, (request) => change(async () => view(await accounts.create(request.body)), 'created'));

  scope.post<{ Body: AccountQueryBodyT }>('/account/query', {
    schema: {
      ...ADMIN_DOC, summary: 'Accounts by status, enable, remark (substring) or mode, sorted (a Spring page)',
      body: AccountQueryBody, response: { 200: AccountPage, ...errors },
    },
    config: { adminRead: true },
  }, (request): SpringPage<AccountView> => {
    const { pageNumber, pageSize } = request.body;
    const found = queried(accounts.list(), request.body);
    return springPage(found.slice(pageNumber * pageSize, (pageNumber + 1) * pageSize).map(view), found.length, pageNumber, pageSize);
  });

  scope.get('/account/list', {
    schema: { ...ADMIN_DOC, summary: 'Every account (tokens masked), oldest first', response: { 200: AccountList, ...errors } },
  }, () => accounts.list().map(view));

  scope.get<{ Params: AccountIdParamsT }>('/account/:id/fetch', {
    schema: {
      ...ADMIN_DOC, summary: 'One account; unknown id: HTTP 404 with code 3', params: AccountIdParams,
      response: { 200: AccountSchema, ...errors },
    },
  }, (request, reply: FastifyReply) => {
    const account = accounts.get(request.params.id);
    if (account) return view(account);
    return reply.code(HTTP_NOT_FOUND).send({ code: SubmitCode.NotFound, description: `no account ${request.params.id}` });
  });

  scope.put<{ Params: AccountIdParamsT }>('/account/:id/update', {
    schema: {
      ...ADMIN_DOC, summary: 'Change any field; a new token, channel or guild (or enabling a disabled account) reconnects',
      params: AccountIdParams, body: AccountFieldsBody, response: { 200: AccountAnswer, ...errors },
    },
    config: { submit: true },
  }, (request) => change(async () => view(await accounts.update(request.params.id, request.body)), 'updated'));

  scope.put<{ Params: AccountIdParamsT }>('/account/:id/update-reconnect', {
    schema: {
      ...ADMIN_DOC, summary: 'Change any field (or none), then reconnect to Discord',
      params: AccountIdParams, response: { 200: AccountAnswer, ...errors },
    },
    config: { submit: true },
  }, (request) => change(async () => view(await accounts.update(request.params.id, request.body, true)), 'updated and reconnecting'));

  scope.delete<{ Params: AccountIdParamsT }>('/account/:id/delete', {
    schema: {
      ...ADMIN_DOC, summary: 'Remove the account; its waiting tasks move to another account or fail with the reason',
      params: AccountIdParams, response: { 200: DoneAnswer, ...errors },
    },
    config: { submit: true },
  }, (request) => change(async () => {
    await accounts.remove(request.params.id);
    return null;
  }, 'deleted'));
}
