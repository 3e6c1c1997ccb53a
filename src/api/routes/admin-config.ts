/** Runtime configuration (docs/admin-api.md): GET/PUT /admin/config and the banned-word list. */
import type { FastifyInstance } from 'fastify';
import { ConfigChangeError } from '../../config/runtime-keys.js';
import type { RuntimeSettings, RuntimeView, UpdateResult } from '../../config/runtime-settings.js';
import type { BannedWords } from '../../tasks/banned-words.js';
import { SubmitCode } from '../../tasks/api-port.js';
import { ADMIN_DOC, BannedWordsAnswer, BannedWordsBody, ConfigAnswer, ConfigChangeBody, type BannedWordsBodyT } from '../schemas/admin.js';
import { ErrorBodySchema } from '../schemas/common.js';

export interface AdminConfigOptions {
  settings: Pick<RuntimeSettings, 'view' | 'update'>;
  bannedWords: Pick<BannedWords, 'list'>;
}

const errors = { '4xx': ErrorBodySchema };

interface AdminAnswer<T> {
  code: number;
  description: string;
  result: T | null;
}

/** "saved", and which of the changed keys wait for a restart. */
function savedText({ view, changed }: UpdateResult): string {
  if (changed.length === 0) return 'nothing changed';
  const later = changed.filter((key) => view.afterRestart.includes(key));
  return later.length === 0 ? 'saved and applied' : `saved; ${later.join(', ')} applies after restart`;
}

/** A refused change answers HTTP 200 with code 4 naming the key; nothing was applied. */
async function change<T>(run: () => Promise<UpdateResult>, result: (done: UpdateResult) => T): Promise<AdminAnswer<T>> {
  try {
    const done = await run();
    return { code: SubmitCode.Success, description: savedText(done), result: result(done) };
  } catch (error) {
    if (error instanceof ConfigChangeError) return { code: SubmitCode.Validation, description: error.message, result: null };
    throw error;
  }
}

export function adminConfigRoutes(scope: FastifyInstance, { settings, bannedWords }: AdminConfigOptions): void {
  scope.get('/admin/config', {
    schema: {
      ...ADMIN_DOC, summary: 'The configuration that can change at run time, where each value came from (credentials masked)',
      response: { 200: ConfigAnswer, ...errors },
    },
  }, (): AdminAnswer<RuntimeView> => ({ code: SubmitCode.Success, description: 'ok', result: settings.view() }));

  scope.put('/admin/config', {
    schema: {
      ...ADMIN_DOC, summary: 'Change translation, banned words, notify defaults, the selection rule, timeouts or images, without a restart',
      body: ConfigChangeBody, response: { 200: ConfigAnswer, ...errors },
    },
    config: { submit: true },
  }, (request) => change(() => settings.update(request.body), (done) => done.view));

  scope.get('/admin/banned-words', {
    schema: { ...ADMIN_DOC, summary: 'The banned-word list in force', response: { 200: BannedWordsAnswer, ...errors } },
  }, (): AdminAnswer<string[]> => ({ code: SubmitCode.Success, description: 'ok', result: bannedWords.list() }));

  scope.put<{ Body: BannedWordsBodyT }>('/admin/banned-words', {
    schema: {
      ...ADMIN_DOC, summary: 'Replace the banned-word list (kept in the store; the next submit is checked against it)',
      body: BannedWordsBody, response: { 200: BannedWordsAnswer, ...errors },
    },
    config: { submit: true },
  }, (request) => change(() => settings.update({ bannedWords: { words: request.body.words } }), () => bannedWords.list()));
}
