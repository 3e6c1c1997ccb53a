/** Image inputs of a request, decoded under the per-image limit; a bad one is a code-4 naming its field. */
import type { ImageInput } from '../tasks/api-port.js';
import { ImageInputError } from '../images/index.js';
import { FieldError } from './wire.js';

export type ImageDecoder = (value: string, options: { maxBytes: number }) => Promise<ImageInput>;

export function imageField(decode: ImageDecoder, maxBytes: number): (field: string, value: string) => Promise<ImageInput> {
  return async (field, value) => {
    try {
      return await decode(value, { maxBytes });
    } catch (error) {
      if (error instanceof ImageInputError) throw new FieldError(field, { kind: 'image', reason: error.message });
      throw error;
    }
  };
}
