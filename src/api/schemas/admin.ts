/** Schemas of the admin routes beside the accounts: runtime configuration, task search, the dashboard. */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { RUNTIME_SECTIONS } from '../../config/runtime-keys.js';
import { MAX_BANNED_WORD_LENGTH, MAX_BANNED_WORDS } from '../../config/schema.js';
import { TASK_ACTIONS, TASK_STATUSES } from '../../tasks/task.js';
import { TaskListSchema } from './task.js';
import { MAX_PAGE, MAX_PAGE_SIZE } from './tasks.js';
import { springPageSchema } from './spring-page.js';

/** Every admin route's place in the OpenAPI document: its tag, and the admin secret it needs. */
export const ADMIN_DOC = { tags: ['admin'], security: [{ adminSecret: [] }, { bearer: [] }] as Record<string, string[]>[] };

/** Spring's default page size, which Plus admin clients expect when they send none. */
const DEFAULT_ADMIN_PAGE_SIZE = 20;
const SOURCES = ['default', 'yaml', 'env', 'store'];

/** `{code, description, result}`: an admin answer; result is null when a change was refused. */
const answer = <T extends TSchema>(result: T) => Type.Object({
  code: Type.Integer({ description: '1 done; 4 refused (the description names the key)' }),
  description: Type.String(),
  result: Type.Union([result, Type.Null()]),
});

const ConfigView = Type.Object({
  config: Type.Object({}, { additionalProperties: true, description: `the changeable sections (${RUNTIME_SECTIONS.join(', ')}), credentials masked` }),
  sources: Type.Record(Type.String(), Type.String({ enum: SOURCES }), { description: 'key path → where its value came from; store wins over env, env over yaml' }),
  afterRestart: Type.Array(Type.String(), { description: 'keys whose change is kept at once but applies after a restart' }),
});

export const ConfigAnswer = answer(ConfigView);

export const ConfigChangeBody = Type.Object({}, {
  additionalProperties: true,
  description: 'a partial tree of the changeable keys, as in config.yaml; null resets a key to its YAML / env / default value; a masked credential sent back unchanged keeps the credential',
});

export const BannedWordsAnswer = answer(Type.Array(Type.String()));

export const BannedWordsBody = Type.Object({
  words: Type.Array(Type.String({ maxLength: MAX_BANNED_WORD_LENGTH }), { maxItems: MAX_BANNED_WORDS, description: 'the whole list; matched literally, case-insensitively, as whole words' }),
});
export type BannedWordsBodyT = Static<typeof BannedWordsBody>;

const anyOr = (values: readonly string[]) => Type.Optional(Type.String({ enum: ['', ...values], description: '"" or absent = any' }));
const epochMs = (description: string) => Type.Optional(Type.Integer({ minimum: 0, description }));

export const TaskQueryBody = Type.Object({
  pageNumber: Type.Integer({ minimum: 0, maximum: MAX_PAGE, default: 0, description: '0-based' }),
  pageSize: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_ADMIN_PAGE_SIZE }),
  id: Type.Optional(Type.String()),
  status: anyOr(TASK_STATUSES),
  action: anyOr(TASK_ACTIONS),
  instanceId: Type.Optional(Type.String({ description: 'the account (properties.discordInstanceId)' })),
  prompt: Type.Optional(Type.String({ description: 'a substring of prompt or promptEn, any case' })),
  submitTimeStart: epochMs('submitted at or after, epoch ms'),
  submitTimeEnd: epochMs('submitted at or before, epoch ms'),
});
export type TaskQueryBodyT = Static<typeof TaskQueryBody>;

export const TaskPageSchema = springPageSchema(TaskListSchema);

const Counts = Type.Record(Type.String(), Type.Integer());

export const StatsAnswer = answer(Type.Object({
  accounts: Type.Object({ up: Type.Integer(), down: Type.Integer(), locked: Type.Integer() }),
  today: Type.Object({ byMode: Counts, byAction: Counts }, { description: 'tasks submitted since midnight (server time)' }),
  failures24h: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer() }), { description: 'most frequent first' }),
  fastHoursLeft: Type.Array(Type.Object({ id: Type.String(), hours: Type.Number() }), { description: "from each account's last /info" }),
}));
