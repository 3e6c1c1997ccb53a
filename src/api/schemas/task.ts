/** The task as clients read it (SPEC §3): every key always present, ids and progress as strings. */
import { Type } from '@sinclair/typebox';
import { TASK_ACTIONS, TASK_STATUSES, type MediaUrls } from '../../tasks/task.js';
import { nullable } from './common.js';

/**
 * The separate images or videos of a result, or null while there are none: never `[]` (SPEC §3),
 * since front ends take any array, even an empty one, as "there are media to show". A type array
 * rather than anyOf keeps fast-json-stringify on its fast path.
 */
const mediaUrls = (description: string) => Type.Unsafe<MediaUrls>({
  type: ['array', 'null'],
  items: Type.Object({ url: Type.String() }),
  minItems: 1,
  default: null,
  description,
});
const epochMs = Type.Integer({ description: 'epoch milliseconds' });

export const ButtonSchema = Type.Object({
  customId: Type.String({ description: "Discord's component id, e.g. MJ::JOB::upsample::1::<hash>" }),
  emoji: Type.String({ default: '' }),
  label: Type.String({ default: '', description: 'U1..U4, V1..V4 for the grid buttons' }),
  type: Type.Integer({ default: 2 }),
  style: Type.Integer({ default: 2, description: '1 blurple, 2 grey, 3 green, 4 red' }),
});

/**
 * Defaults fill any key a task lacks, so a client reading a key without checking never meets
 * `undefined`. Strings are coerced by the serialiser (a numeric id still goes out as "123").
 */
export const TaskSchema = Type.Object({
  id: Type.String({ description: 'task id, 16+ digits' }),
  action: Type.String({ enum: [...TASK_ACTIONS] }),
  status: Type.String({ enum: [...TASK_STATUSES] }),
  prompt: Type.String({ default: '' }),
  promptEn: Type.String({ default: '', description: 'the prompt actually sent' }),
  description: Type.String({ default: '', description: 'e.g. /imagine cat, /up <taskId> U2' }),
  state: nullable(Type.String(), "the caller's state, byte for byte"),
  submitTime: nullable(epochMs),
  startTime: nullable(epochMs),
  finishTime: nullable(epochMs),
  progress: Type.String({ default: '0%', description: '"0%" .. "100%"' }),
  imageUrl: nullable(Type.String(), 'absolute URL of the grid or result (a preview while IN_PROGRESS)'),
  imageUrls: mediaUrls('the separate images of a grid (Plus); null when not known'),
  videoUrl: nullable(Type.String()),
  videoUrls: mediaUrls('the videos of an animation; null otherwise'),
  seed: nullable(Type.String()),
  failReason: nullable(Type.String(), 'non-empty whenever FAILURE'),
  properties: Type.Object({}, {
    additionalProperties: true,
    default: {},
    description: 'strings: finalPrompt, finalZhPrompt, discordInstanceId, discordChannelId, messageId, messageHash, '
      + 'progressMessageId, nonce, flags, messageContent, notifyHook, botType, customId; other keys may appear',
  }),
  buttons: Type.Array(ButtonSchema, { default: [] }),
  botType: Type.String({ default: 'MID_JOURNEY', enum: ['MID_JOURNEY', 'NIJI_JOURNEY', 'INSIGHT_FACE'] }),
  mode: Type.String({ default: 'FAST', enum: ['FAST', 'RELAX', 'TURBO'] }),
});

export const TaskListSchema = Type.Array(TaskSchema);
