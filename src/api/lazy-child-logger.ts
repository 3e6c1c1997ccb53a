/**
 * Fastify makes a child logger (bound to the request id) for every request, and pino's child setup
 * (bindings, redaction) costs more than answering a poll from memory. Requests rarely log (only
 * failures do: access logging is off), so the child is made at the first call of one of its methods.
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;

export const lazyChildLogger: ChildLoggerFactory = (logger, bindings, options) => {
  // A level of its own changes what the methods do: that child is needed at once.
  if (options.level !== undefined) return logger.child(bindings, options);
  let child: FastifyBaseLogger | undefined;
  const made = (): FastifyBaseLogger => (child ??= logger.child(bindings, options));
  return new Proxy(logger, {
    get(target, key) {
      if (child !== undefined) return Reflect.get(child, key) as unknown;
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (Reflect.get(made(), key) as (...a: unknown[]) => unknown).apply(child, args);
    },
    set: (_target, key, value) => Reflect.set(made(), key, value),
  });
};
