/** Builders of the SPEC §4 submit answer. */
import { SubmitCode, type SubmitAnswer } from './api-port.js';

export function answer(
  code: SubmitCode,
  description: string,
  result: string | string[] | null = null,
  properties: Record<string, unknown> = {},
): SubmitAnswer {
  return { code, description, result, properties };
}

/** Thrown inside the service where a request cannot go on; the service turns it into its answer. */
export class SubmitRefusal extends Error {
  constructor(readonly answer: SubmitAnswer) {
    super(answer.description);
  }
}

export const refuse = (code: SubmitCode, description: string, properties: Record<string, unknown> = {}): never => {
  throw new SubmitRefusal(answer(code, description, null, properties));
};
