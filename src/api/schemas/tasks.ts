/** Request and response schemas of the task routes and the public routes. */
import { Type, type Static } from '@sinclair/typebox';

/** Batches of ids are fine (relays poll everything unfinished at once), but bounded. */
export const MAX_IDS = 10_000;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export const IdsBody = Type.Object({
  // Strings or numbers: the validator turns numbers into strings.
  ids: Type.Optional(Type.Array(Type.String(), { maxItems: MAX_IDS, description: 'task ids, strings or numbers' })),
});
export type IdsBodyT = Static<typeof IdsBody>;

export const ListQuery = Type.Object({
  page: Type.Integer({ minimum: 0, default: 0, description: '0-based page, newest first' }),
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
}, { additionalProperties: true });

export const HealthSchema = Type.Object({
  status: Type.String(),
  accounts: Type.Array(AccountHealthSchema),
});

export const ImageFileParams = Type.Object({
  taskId: Type.String(),
  file: Type.String({ description: 'image.<ext> (the result), 1.png..4.png (grid images), video.mp4, thumb.webp, preview-<id>.<ext>' }),
});
export type ImageFileParamsT = Static<typeof ImageFileParams>;
