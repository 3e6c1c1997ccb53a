/** Request and response schemas of the task routes and the public routes. */
import { Type, type Static } from '@sinclair/typebox';
import { AccountLiveSchema } from './account-live.js';

/** Batches of ids are fine (relays poll everything unfinished at once), but bounded. */
export const MAX_IDS = 10_000;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/** Keeps page × size a safe integer every store binds as an OFFSET (1e20 made SQLite fail). */
export const MAX_PAGE = 1_000_000;

export const IdsBody = Type.Object({
  // Strings or numbers: the validator turns numbers into strings.
  ids: Type.Optional(Type.Array(Type.String(), { maxItems: MAX_IDS, description: 'task ids, strings or numbers' })),
});
export type IdsBodyT = Static<typeof IdsBody>;

export const ListQuery = Type.Object({
  page: Type.Integer({ minimum: 0, maximum: MAX_PAGE, default: 0, description: '0-based page, newest first' }),
  size: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
});
export type ListQueryT = Static<typeof ListQuery>;

export const AccountHealthSchema = Type.Object({
  instanceId: Type.String(),
  channelId: Type.String(),
  remark: Type.String(),
  enable: Type.Boolean(),
  status: Type.String(),
  mode: Type.String(),
  running: Type.Integer(),
  queued: Type.Integer(),
  coreSize: Type.Integer(),
  queueSize: Type.Integer(),
  disabledReason: Type.Union([Type.String(), Type.Null()]),
  moderationNotice: Type.Union([Type.String(), Type.Null()], { description: 'the reason of a pending-mod lock, until acknowledged (kept for older clients)' }),
  lock: Type.Union([
    Type.Object({ reason: Type.String(), url: Type.Union([Type.String(), Type.Null()]), since: Type.Integer() }),
    Type.Null(),
  ], { description: 'set while the account needs a human (captcha, blocked, subscription, pending mod message); it takes no new work until POST /mj/account/{id}/unlock' }),
  fastExhausted: Type.Boolean({ description: 'Midjourney said the fast hours are used up: the account runs relaxed work only' }),
  state: Type.String({ enum: ['ENABLE', 'DISABLED', 'LISTEN_ONLY'], description: 'the admin state (status is the connection)' }),
  live: AccountLiveSchema,
}, { additionalProperties: true });

export const HealthSchema = Type.Object({
  status: Type.String({
    enum: ['ok', 'degraded', 'down'],
    description: 'ok: an account is ready; degraded (HTTP 200): none is ready yet; down (HTTP 503): none is enabled and running',
  }),
  accounts: Type.Array(AccountHealthSchema),
  incidents: Type.Object({
    unhandledRejections: Type.Integer(),
    uncaughtExceptions: Type.Integer(),
    parserErrors: Type.Integer({ description: 'Discord messages the Midjourney parser failed on (logged with the message id)' }),
  }, { description: 'counts since start of what went wrong without stopping the service' }),
});

export const ImageFileParams = Type.Object({
  taskId: Type.String(),
  file: Type.String({ description: 'image.<ext> (the result), 1.png..4.png (grid images), video.mp4, thumb.webp, preview-<id>.<ext>' }),
});
export type ImageFileParamsT = Static<typeof ImageFileParams>;
