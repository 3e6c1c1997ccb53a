/** The synchronous answer of the bot to an interaction: refuse it like Discord would, or accept and act. */
import { DiscordErrorCode } from '../../discord/protocol/index.js';
import type { InteractionVerdict } from '../contracts.js';

export type Decision = { ok: true; run: () => void } | Extract<InteractionVerdict, { ok: false }>;

const BAD_REQUEST = 400;
const NOT_FOUND = 404;

export const accept = (run: () => void): Decision => ({ ok: true, run });

/** 400 50035 with Discord's nested error shape, e.g. for a button that is not on the message. */
export function invalidForm(field: string, code: string, message: string): Decision {
  return {
    ok: false,
    status: BAD_REQUEST,
    code: DiscordErrorCode.InvalidFormBody,
    message: 'Invalid Form Body',
    errors: { data: { [field]: { _errors: [{ code, message }] } } },
  };
}

export const invalidComponent = (): Decision => invalidForm('custom_id', 'COMPONENT_VALIDATION_FAILED', 'Component validation failed');

export const unknownMessage = (): Decision => ({ ok: false, status: NOT_FOUND, code: DiscordErrorCode.UnknownMessage, message: 'Unknown Message' });
