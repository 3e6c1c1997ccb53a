/**
 * Fastify makes a child logger (bound to the request id) for every request, and pino's child setup
 * (bindings, redaction) costs more than answering a poll from memory. Requests rarely log (only
 * failures do: access logging is off), so the child is made at the first call of one of its methods.
 * A class rather than a Proxy: Fastify checks each request's logger for its methods, and a Proxy
 * would make a wrapper function per method per request.
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;
type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
type LogArgs = Parameters<FastifyBaseLogger['info']>;

class LazyChildLogger implements FastifyBaseLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {}

  get level(): string {
    return (this.made ?? this.parent).level;
  }

  set level(level: string) {
    this.requestLogger().level = level;
  }

  fatal(...args: LogArgs): void {
    this.requestLogger().fatal(...args);
  }

  error(...args: LogArgs): void {
    this.requestLogger().error(...args);
  }

  warn(...args: LogArgs): void {
    this.requestLogger().warn(...args);
  }

  info(...args: LogArgs): void {
    this.requestLogger().info(...args);
  }

  debug(...args: LogArgs): void {
    this.requestLogger().debug(...args);
  }

  trace(...args: LogArgs): void {
    this.requestLogger().trace(...args);
  }

  silent(...args: LogArgs): void {
    this.requestLogger().silent(...args);
  }

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.requestLogger().child(bindings, options);
  }

  /** The request's own child logger, made once. */
  private requestLogger(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings, this.options);
    return this.made;
  }
}

export const lazyChildLogger: ChildLoggerFactory = (logger, bindings, options) => {
  // A level of its own changes what the methods do: that child is needed at once.
  if (options.level !== undefined) return logger.child(bindings, options);
  return new LazyChildLogger(logger, bindings, options);
};
