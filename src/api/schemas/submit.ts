/** Request bodies of the submit routes (SPEC §5). Case-insensitive enums are plain strings here. */
import { Type, type Static } from '@sinclair/typebox';
import { AccountFilterSchema, submitCommonFields } from './common.js';

/** Grid buttons and video indexes are numbered 1..4. */
export const MIN_INDEX = 1;
export const MAX_INDEX = 4;
export const MAX_IMAGINE_IMAGES = 5;
export const MIN_BLEND_IMAGES = 2;
export const MAX_BLEND_IMAGES = 5;
export const MAX_UPLOAD_IMAGES = 10;
/** Discord refuses a slash command's text option longer than this; a longer prompt could never be sent. */
export const MAX_PROMPT_LENGTH = 6000;

const image = (description: string) => Type.String({ description: `${description}: data URL, raw base64 or http(s) URL` });
const prompt = (description?: string) => Type.String({ maxLength: MAX_PROMPT_LENGTH, ...(description === undefined ? {} : { description }) });
const index = (description: string) => Type.Integer({ minimum: MIN_INDEX, maximum: MAX_INDEX, description });

export const ImagineBody = Type.Object({
  ...submitCommonFields,
  prompt: prompt(),
  base64Array: Type.Optional(Type.Array(image('image prompt'), { maxItems: MAX_IMAGINE_IMAGES })),
  base64: Type.Optional(image('legacy single image prompt, added to base64Array')),
});

export const BlendBody = Type.Object({
  ...submitCommonFields,
  base64Array: Type.Array(image('image'), { minItems: MIN_BLEND_IMAGES, maxItems: MAX_BLEND_IMAGES }),
  dimensions: Type.Optional(Type.String({ description: 'PORTRAIT (2:3) | SQUARE (1:1, default) | LANDSCAPE (3:2)' })),
});

export const DescribeBody = Type.Object({
  ...submitCommonFields,
  base64: Type.Optional(image('the image to describe')),
  link: Type.Optional(Type.String({ description: 'http(s) URL of the image, when base64 is not given' })),
});

export const ShortenBody = Type.Object({ ...submitCommonFields, prompt: prompt() });

export const ActionBody = Type.Object({
  ...submitCommonFields,
  taskId: Type.String(),
  customId: Type.String({ description: "a button's customId from task.buttons" }),
  chooseSameChannel: Type.Optional(Type.Boolean()),
});

export const ModalBody = Type.Object({
  ...submitCommonFields,
  taskId: Type.String({ description: 'the task in status MODAL' }),
  prompt: Type.Optional(prompt("empty = the original's prompt")),
  maskBase64: Type.Optional(image('Vary (Region) mask, black with the region white')),
});

export const ChangeBody = Type.Object({
  ...submitCommonFields,
  taskId: Type.String(),
  action: Type.String({ description: 'UPSCALE | VARIATION | REROLL' }),
  index: Type.Optional(index('required except for REROLL')),
});

export const SimpleChangeBody = Type.Object({
  ...submitCommonFields,
  content: Type.String({ description: '"<taskId> U2", "<taskId> V1" or "<taskId> R"' }),
});

export const UploadBody = Type.Object({
  base64Array: Type.Array(image('image'), { minItems: 1, maxItems: MAX_UPLOAD_IMAGES }),
  filter: Type.Optional(AccountFilterSchema),
  accountFilter: Type.Optional(AccountFilterSchema),
});

export const SwapFaceBody = Type.Object({
  ...submitCommonFields,
  sourceBase64: Type.Optional(image('the face')),
  sourceUrl: Type.Optional(Type.String({ description: 'the face as an http(s) URL' })),
  targetBase64: Type.Optional(image('the image whose face is replaced')),
  targetUrl: Type.Optional(Type.String({ description: 'the target as an http(s) URL' })),
  filter: Type.Optional(AccountFilterSchema),
});

export const VideoBody = Type.Object({
  ...submitCommonFields,
  prompt: Type.Optional(prompt()),
  image: Type.Optional(image('start image')),
  motion: Type.Optional(Type.String({ description: 'low (default) | high' })),
  taskId: Type.Optional(Type.String({ description: 'animate one image of this finished task' })),
  index: Type.Optional(index('which image of taskId')),
});

export type ImagineBodyT = Static<typeof ImagineBody>;
export type BlendBodyT = Static<typeof BlendBody>;
export type DescribeBodyT = Static<typeof DescribeBody>;
export type ShortenBodyT = Static<typeof ShortenBody>;
export type ActionBodyT = Static<typeof ActionBody>;
export type ModalBodyT = Static<typeof ModalBody>;
export type ChangeBodyT = Static<typeof ChangeBody>;
export type SimpleChangeBodyT = Static<typeof SimpleChangeBody>;
export type UploadBodyT = Static<typeof UploadBody>;
export type SwapFaceBodyT = Static<typeof SwapFaceBody>;
export type VideoBodyT = Static<typeof VideoBody>;
