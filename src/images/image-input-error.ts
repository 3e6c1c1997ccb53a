/** Why an image input was refused; the API answers code 4 with the message. */
export type ImageInputProblem =
  /** Not a data URL, an http(s) URL or base64. */
  | 'UNSUPPORTED_FORMAT'
  | 'EMPTY'
  | 'BAD_BASE64'
  | 'NOT_IMAGE'
  | 'TOO_LARGE'
  | 'FETCH_FAILED';

export class ImageInputError extends Error {
  override readonly name = 'ImageInputError';

  constructor(message: string, readonly problem: ImageInputProblem = 'UNSUPPORTED_FORMAT') {
    super(message);
  }
}
