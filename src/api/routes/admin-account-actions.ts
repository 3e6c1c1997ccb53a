/**
 * What an operator asks Midjourney about one account (docs/admin-api.md, Plus paths): sync-info
 * (/info and /settings now), change-version (the /settings menu), action (a /settings button) and
 * unlock. Each answers `{code, description, result}` with what changed; refusals are HTTP 200 with
 * code 3 (no such account) or 4 (naming the field, or the wait before the next /info).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AccountSession } from '../../accounts/account-session.js';
import type { BotName } from '../../accounts/bots.js';
import { normalizeVersion, SyncTooSoonError } from '../../accounts/midjourney-controls.js';
import { midjourneyView } from '../../accounts/midjourney-view.js';
import { SubmitCode } from '../../tasks/api-port.js';
import { ADMIN_DOC } from '../schemas/admin.js';
import { ErrorBodySchema } from '../schemas/common.js';

/** Finds an account's session (the account manager). */
export interface AccountSessions {
  session(id: string): AccountSession | undefined;
}

interface ActionAnswer {
  code: number;
  description: string;
  result: Record<string, unknown> | null;
}

const SETTINGS_PREFIX = 'MJ::Settings::';
const BOTS: Record<string, BotName> = { MID_JOURNEY: 'MID_JOURNEY', NIJI_JOURNEY: 'NIJI_JOURNEY' };
const NO_ANSWER = 'Midjourney did not answer in time; the account shows what it said last';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
type IdParamsT = Static<typeof IdParams>;
const VersionQuery = Type.Object({ version: Type.Optional(Type.String({ maxLength: 64 })) });
const ActionQuery = Type.Object({ customId: Type.Optional(Type.String({ maxLength: 200 })), botType: Type.Optional(Type.String({ maxLength: 20 })) });
const Answer = Type.Object({
  code: Type.Integer({ description: '1 done; 3 no such account; 4 refused (a field, or the wait before the next /info); 9 Discord refused' }),
  description: Type.String(),
  result: Type.Union([Type.Object({}, { additionalProperties: true, description: 'what changed: lock, info, settings, jobMode' }), Type.Null()]),
});
const response = { 200: Answer, '4xx': ErrorBodySchema };

const refused = (code: SubmitCode, description: string): ActionAnswer => ({ code, description, result: null });

/** A field from the query string, else from a JSON body (Plus clients send either). */
function field(query: Record<string, string | undefined>, body: unknown, name: string): string | undefined {
  const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return query[name] ?? (typeof fromBody === 'string' ? fromBody : undefined);
}

/** Runs one request to Midjourney on a connected account; a failed send is code 9 with Discord's reason. */
async function ask(account: AccountSession | undefined, id: string, run: (account: AccountSession) => Promise<boolean>, result: (account: AccountSession) => Record<string, unknown>): Promise<ActionAnswer> {
  if (!account) return refused(SubmitCode.NotFound, `no account ${id}`);
  if (!account.ready) return refused(SubmitCode.Validation, `the account is not connected (${account.status})`);
  try {
    const answered = await run(account);
    return { code: SubmitCode.Success, description: answered ? 'done' : NO_ANSWER, result: result(account) };
  } catch (error) {
    if (error instanceof SyncTooSoonError) return refused(SubmitCode.Validation, error.message);
    return refused(SubmitCode.Failure, `Discord refused the request: ${(error as Error).message}`);
  }
}

const settingsOf = (account: AccountSession) => {
  const view = midjourneyView(account.state);
  return { settings: view.settings, jobMode: view.jobMode };
};

export function adminAccountActionRoutes(scope: FastifyInstance, accounts: AccountSessions): void {
  scope.post<{ Params: IdParamsT }>('/account/:id/sync-info', {
    schema: { ...ADMIN_DOC, summary: 'Runs /info and /settings now (at most once a minute per account; else code 4 with the wait)', params: IdParams, response },
  }, async (request) => {
    const { id } = request.params;
    return ask(accounts.session(id), id, (account) => account.controls.sync(), (account) => {
      const view = midjourneyView(account.state);
      return { info: view.info, settings: view.settings, jobMode: view.jobMode };
    });
  });

  scope.post<{ Params: IdParamsT; Querystring: Static<typeof VersionQuery> }>('/account/:id/change-version', {
    schema: { ...ADMIN_DOC, summary: 'Picks the model version in the /settings menu (`?version=` or `{"version"}`: a value or label of the menu, "7", "--v 6.1")', params: IdParams, querystring: VersionQuery, response },
  }, async (request) => {
    const { id } = request.params;
    const account = accounts.session(id);
    const asked = field(request.query, request.body, 'version')?.trim();
    if (!asked) return refused(SubmitCode.Validation, 'version: is required');
    const options = account?.state.settings?.versions ?? [];
    const wanted = normalizeVersion(asked);
    const option = options.find((known) => normalizeVersion(known.value) === wanted || normalizeVersion(known.label) === wanted);
    if (options.length > 0 && !option) return refused(SubmitCode.Validation, `version: must be one of ${options.map((known) => known.value).join(', ')}`);
    return ask(account, id, (found) => found.controls.pickVersion('MID_JOURNEY', option?.value ?? asked), settingsOf);
  });

  scope.post<{ Params: IdParamsT; Querystring: Static<typeof ActionQuery> }>('/account/:id/action', {
    schema: { ...ADMIN_DOC, summary: 'Clicks a /settings button (`customId` MJ::Settings::…, `botType` MID_JOURNEY | NIJI_JOURNEY)', params: IdParams, querystring: ActionQuery, response },
  }, async (request) => {
    const { id } = request.params;
    const customId = field(request.query, request.body, 'customId')?.trim();
    if (!customId?.startsWith(SETTINGS_PREFIX)) return refused(SubmitCode.Validation, `customId: must be a /settings button (${SETTINGS_PREFIX}…)`);
    const bot = BOTS[field(request.query, request.body, 'botType') ?? 'MID_JOURNEY'];
    if (!bot) return refused(SubmitCode.Validation, 'botType: must be MID_JOURNEY or NIJI_JOURNEY');
    return ask(accounts.session(id), id, (account) => account.controls.click(bot, customId), settingsOf);
  });

  scope.post<{ Params: IdParamsT }>('/account/:id/unlock', {
    schema: { ...ADMIN_DOC, summary: 'Clears a lock (captcha, blocked, subscription, pending mod message) and returns the account to service', params: IdParams, response },
  }, (request): ActionAnswer => {
    const { id } = request.params;
    const account = accounts.session(id);
    if (!account) return refused(SubmitCode.NotFound, `no account ${id}`);
    const was = account.state.lock;
    const unlocked = account.unlock();
    return { code: SubmitCode.Success, description: unlocked ? 'unlocked' : 'the account was not locked', result: { lock: null, ...(was ? { cleared: was.reason } : {}) } };
  });
}
