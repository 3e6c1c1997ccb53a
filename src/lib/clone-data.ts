/**
 * A deep copy of plain data (objects, arrays, primitives), as structuredClone makes one but several
 * times faster for small records: a task is copied at every change it saves, thousands a second
 * under load. Anything that is not a plain object or array (a Date, a Buffer, a Map) is copied by
 * structuredClone, so the result is the same whatever the value holds.
 */
export function cloneData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneData) as T;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = cloneData((value as Record<string, unknown>)[key]);
  return copy as T;
}
