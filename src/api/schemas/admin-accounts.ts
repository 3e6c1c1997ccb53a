/** Schemas of the account admin routes (docs/admin-api.md, "The account object"). */
import { Type, type Static } from '@sinclair/typebox';
import { AccountLiveSchema } from './account-live.js';
import { MAX_PAGE, MAX_PAGE_SIZE } from './tasks.js';
import { springPageSchema } from './spring-page.js';

const DEFAULT_ADMIN_PAGE_SIZE = 20;
const STATUSES = ['ENABLE', 'DISABLED', 'LISTEN_ONLY'];
const MODES = ['FAST', 'RELAX', 'TURBO'];
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

/** The fields a create or update sets; every one optional (create needs channelId and userToken). */
export const AccountFieldsBody = Type.Object({
  id: Type.Optional(Type.String({ description: 'create only: the account id (default: its channel id)' })),
  channelId: Type.Optional(Type.String()),
  guildId: Type.Optional(Type.String()),
  userToken: Type.Optional(Type.String({ description: 'sent back masked as shown, it keeps the token' })),
  userAgent: Type.Optional(Type.String()),
  dmChannelId: Type.Optional(Type.String()),
  nijiChannelId: Type.Optional(Type.String()),
  status: Type.Optional(Type.String({ enum: STATUSES })),
  enable: Type.Optional(Type.Boolean({ description: 'false = DISABLED; true re-enables a DISABLED account (status wins when both are sent)' })),
  disabledReason: Type.Optional(Type.String()),
  coreSize: Type.Optional(Type.Integer()),
  queueSize: Type.Optional(Type.Integer()),
  timeoutMinutes: Type.Optional(Type.Union([Type.Number(), Type.Null()], { description: 'null: timeouts.taskMinutes' })),
  mode: Type.Optional(Type.String({ enum: MODES })),
  fastExhausted: Type.Optional(Type.String({ enum: ['relax', 'refuse'] })),
  remix: Type.Optional(Type.Boolean()),
  remixAutoSubmit: Type.Optional(Type.Boolean()),
  remark: Type.Optional(Type.String()),
  weight: Type.Optional(Type.Number()),
  dayDrawLimit: Type.Optional(Type.Integer({ description: 'FAST and TURBO tasks a day; -1 = no limit' })),
  dayRelaxLimit: Type.Optional(Type.Integer({ description: 'RELAX tasks a day; -1 = no limit' })),
}, { additionalProperties: true, description: 'other keys (live, lock, dateCreated…) are ignored' });

export const AccountSchema = Type.Object({
  id: Type.String(),
  channelId: Type.String(),
  guildId: Type.String(),
  userToken: Type.String({ description: 'always masked' }),
  userAgent: Type.String(),
  dmChannelId: Type.String(),
  nijiChannelId: Type.String(),
  status: Type.String({ enum: STATUSES }),
  enable: Type.Boolean(),
  disabledReason: nullable(Type.String()),
  coreSize: Type.Integer(),
  queueSize: Type.Integer(),
  timeoutMinutes: Type.Union([Type.Number(), Type.Null()], { description: 'null: timeouts.taskMinutes' }),
  mode: Type.String({ enum: MODES }),
  fastExhausted: Type.String({ enum: ['relax', 'refuse'] }),
  remix: Type.Boolean(),
  remixAutoSubmit: Type.Boolean(),
  remark: Type.String(),
  weight: Type.Number(),
  dayDrawLimit: Type.Integer(),
  dayRelaxLimit: Type.Integer(),
  dateCreated: Type.Integer(),
  lock: Type.Union([Type.Object({ reason: Type.String(), url: nullable(Type.String()), since: Type.Integer() }), Type.Null()]),
  live: AccountLiveSchema,
});

export const AccountList = Type.Array(AccountSchema);

export const AccountAnswer = Type.Object({
  code: Type.Integer({ description: '1 done; 3 no such account; 4 refused (the description names the field)' }),
  description: Type.String(),
  result: Type.Union([AccountSchema, Type.Null()]),
});

export const DoneAnswer = Type.Object({ code: Type.Integer(), description: Type.String(), result: Type.Null() });

export const AccountQueryBody = Type.Object({
  pageNumber: Type.Integer({ minimum: 0, maximum: MAX_PAGE, default: 0, description: '0-based' }),
  pageSize: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_ADMIN_PAGE_SIZE }),
  status: Type.Optional(Type.String({ enum: ['', ...STATUSES] })),
  enable: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  remark: Type.Optional(Type.String({ description: 'a substring of the remark' })),
  mode: Type.Optional(Type.String({ enum: ['', ...MODES] })),
  sort: Type.Optional(Type.String({ enum: ['', 'dateCreated', 'remark', 'status'], default: 'dateCreated' })),
  direction: Type.Optional(Type.String({ enum: ['', 'asc', 'desc'], default: 'asc' })),
});
export type AccountQueryBodyT = Static<typeof AccountQueryBody>;

export const AccountPage = springPageSchema(AccountList);

export const AccountIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export type AccountIdParamsT = Static<typeof AccountIdParams>;
