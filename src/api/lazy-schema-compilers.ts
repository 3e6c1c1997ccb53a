/**
 * Fastify's own schema compilers (ajv for requests, fast-json-stringify for responses), each route's
 * run at the route's first request instead of all at start: compiling every route is most of the
 * time from start to listening, and most of a process's routes are never asked for. The compiled
 * functions are kept, so only a route's first request pays; what they accept and answer is unchanged.
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>;
type CompilersFactory = NonNullable<SchemaController['compilersFactory']>;
/** What Fastify calls: per context a compiler, per route and part a function. (Their published types are a union of ajv's modes.) */
type Validate = ((data: unknown) => unknown) & { errors?: unknown };
type CompileValidator = (route: unknown) => Validate;
type CompileSerializer = (route: unknown) => (data: unknown) => string;
type Factory<Compile> = (externalSchemas: unknown, options: unknown) => Compile;

function lazyValidator(compile: CompileValidator): CompileValidator {
  return (route) => {
    let compiled: Validate | undefined;
    // Fastify reads a failed validation's errors from the function's `errors`, as ajv leaves them.
    const validate: Validate = (data) => {
      compiled ??= compile(route);
      const valid = compiled(data);
      validate.errors = compiled.errors;
      return valid;
    };
    return validate;
  };
}

function lazySerializer(compile: CompileSerializer): CompileSerializer {
  return (route) => {
    let compiled: ((data: unknown) => string) | undefined;
    return (data) => (compiled ??= compile(route))(data);
  };
}

/** The `schemaController` option of Fastify() that compiles each route's schemas at its first use. */
export function lazySchemaCompilers(): SchemaController {
  const validators = AjvCompiler() as unknown as Factory<CompileValidator>;
  const serializers = SerializerSelector() as unknown as Factory<CompileSerializer>;
  // Even the compilers themselves (an ajv instance compiles its meta-schemas) wait for the first route.
  const buildValidator: Factory<CompileValidator> = (externalSchemas, options) => {
    let compile: CompileValidator | undefined;
    return lazyValidator((route) => (compile ??= validators(externalSchemas, options))(route));
  };
  const buildSerializer: Factory<CompileSerializer> = (externalSchemas, options) => {
    let compile: CompileSerializer | undefined;
    return lazySerializer((route) => (compile ??= serializers(externalSchemas, options))(route));
  };
  return { compilersFactory: { buildValidator, buildSerializer } as unknown as CompilersFactory };
}
