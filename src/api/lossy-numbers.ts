/**
 * A JSON number where a submit route expects a string is taken as its text (`"prompt": 123` → "123"),
 * as the Java original does; the validator's type coercion does that. Integers beyond 2^53 are the
 * exception: JSON.parse has already changed their digits (a Discord id or a foreign task id sent as a
 * number), so they are refused by name instead of being silently altered.
 */
import { FieldError } from './wire.js';

interface BodySchema {
  type?: unknown;
  properties?: Record<string, BodySchema>;
  items?: BodySchema;
}

const expectsString = (schema: BodySchema): boolean =>
  schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'));

const isLossyInteger = (value: unknown): boolean =>
  typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value);

/** The path (`a.b[2]`) of the first string field holding a lossy integer; fields the schema does not know are left alone. */
function findLossyInteger(schema: BodySchema, value: unknown, path: string): string | undefined {
  if (expectsString(schema)) return isLossyInteger(value) ? path : undefined;
  if (Array.isArray(value)) {
    if (!schema.items) return undefined;
    for (const [i, item] of value.entries()) {
      const found = findLossyInteger(schema.items, item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null || !schema.properties) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childSchema = schema.properties[key];
    const found = childSchema && findLossyInteger(childSchema, child, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

/** Throws a FieldError (code 4) for a string field holding an integer JSON could not keep exactly. */
export function refuseLossyIntegers(schema: unknown, body: unknown): void {
  if (typeof schema !== 'object' || schema === null) return;
  const field = findLossyInteger(schema, body, '');
  if (field) throw new FieldError(field, { kind: 'lossyNumber' });
}
