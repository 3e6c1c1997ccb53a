/** Schemas shared by many routes: the fields of every submit body, the submit answer, error bodies. */
import { Type, type Static, type TObject, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { SubmitCode } from '../../tasks/api-port.js';

/**
 * A scalar schema that also admits null and defaults to it (so the key is never missing). A type
 * array rather than anyOf keeps fast-json-stringify on its fast path.
 */
export function nullable<T extends TSchema>(schema: T, description?: string): TUnsafe<Static<T> | null> {
  return Type.Unsafe<Static<T> | null>({ type: [schema.type, 'null'], default: null, description });
}

const modeNote = 'FAST | RELAX | TURBO (any case)';

export const AccountFilterSchema = Type.Object({
  channelId: Type.Optional(Type.String()),
  instanceId: Type.Optional(Type.String()),
  modes: Type.Optional(Type.Array(Type.String(), { description: `each ${modeNote}` })),
  remark: Type.Optional(Type.String({ description: 'substring of the account remark' })),
  remix: Type.Optional(Type.Boolean()),
  remixAutoConsidered: Type.Optional(Type.Boolean()),
}, { description: 'Only accounts matching every given field are candidates' });
export type AccountFilterBody = Static<typeof AccountFilterSchema>;

/** Fields every submit body accepts (SPEC §5). Unknown fields are ignored, not rejected. */
export const submitCommonFields = {
  notifyHook: Type.Optional(Type.String({ description: 'http(s) URL called on every change; "" = the global hook' })),
  state: Type.Optional(Type.String({ description: 'opaque value echoed byte for byte on the task' })),
  botType: Type.Optional(Type.String({ description: 'MID_JOURNEY (default) | NIJI_JOURNEY, any case; also mj | niji' })),
  accountFilter: Type.Optional(AccountFilterSchema),
  mode: Type.Optional(Type.String({ description: `${modeNote}; beats the URL prefix` })),
};
export type SubmitCommonBody = Static<TObject<typeof submitCommonFields>>;

export const SubmitAnswerSchema = Type.Object({
  code: Type.Integer({
    // Every submit code, so the document (and clients generated from it) know them all.
    enum: Object.values(SubmitCode).filter((value) => typeof value === 'number'),
    description: '1 submitted, 21 modal, 22 queued, 23 queue full, 24 banned, 3 not found, 4 invalid, 9 failure',
  }),
  description: Type.String(),
  result: Type.Unsafe<string | string[] | null>({
    description: 'the task id (a string); an array of URLs for upload-discord-images',
    anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'null' }],
    default: null,
  }),
  // Unknown keys must survive serialisation: clients read whatever the service puts here.
  properties: Type.Object({}, { additionalProperties: true, default: {} }),
});

export const ErrorBodySchema = Type.Object({
  code: Type.Integer({ description: 'the HTTP status, or a submit code (3 not found, 4 invalid)' }),
  description: Type.String(),
});

/** Responses of a route answering submit answers. */
export const submitResponses = { 200: SubmitAnswerSchema, '4xx': ErrorBodySchema };

export const TaskIdParams = Type.Object({ id: Type.String({ description: 'task id' }) });
export type TaskIdParamsT = Static<typeof TaskIdParams>;
