/**
 * The container files, linted without a container engine: the Dockerfile through dockerfile-ast and
 * the compose files through yaml, against the rules we care about.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { TSchema } from '@sinclair/typebox';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { parse as parseYaml } from 'yaml';
import { envNameFor } from '../../src/config/load.js';
import { ConfigSchema } from '../../src/config/schema.js';

const COMPOSE_FILES = ['docker-compose.yml', 'docker-compose.cluster.yml'];
/** An image pinned to a release (node:20.1.2-…, postgres:16.6-…), or to a digest. */
const PINNED = /:\d+\.\d+(\.\d+)?(-[\w.-]+)?$|@sha256:[0-9a-f]{64}$/;
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|API_KEY|AUTH_KEY|PRIVATE/i;
/** A compose value that takes the secret from the environment (or leaves it empty) rather than holding it. */
const FROM_ENVIRONMENT = /^\$\{[A-Z0-9_]+(:?[-?][^}]*)?\}$/;

const lineOf = (instruction: Instruction): number => instruction.getRange().start.line;

function configEnvNames(schema: TSchema, path: string[] = [], names = new Set<string>()): Set<string> {
  const properties = (schema as { properties?: Record<string, TSchema> }).properties ?? {};
  for (const [key, child] of Object.entries(properties)) {
    names.add(envNameFor([...path, key]));
    configEnvNames(child, [...path, key], names);
  }
  return names;
}

test('Dockerfile: multi-stage on a pinned node:20 slim image, npm ci, a non-root user, health check, data volume, exec-form start', () => {
  const dockerfile = DockerfileParser.parse(readFileSync('Dockerfile', 'utf8'));
  const froms = dockerfile.getFROMs();
  assert.ok(froms.length >= 2, 'a build stage and a runtime stage');
  for (const from of froms) {
    const image = from.getImage() ?? '';
    assert.match(image, /^node:20[.\d]*-[\w-]*slim/, `${image}: node 20, slim`);
    assert.match(image, PINNED, `${image} is pinned to a release`);
  }
  const runtimeStart = lineOf(froms.at(-1) as Instruction);
  const runtime = dockerfile.getInstructions().filter((instruction) => lineOf(instruction) > runtimeStart);
  const build = dockerfile.getInstructions().filter((instruction) => lineOf(instruction) < runtimeStart);
  const of = (instructions: Instruction[], keyword: string) => instructions.filter((instruction) => instruction.getKeyword() === keyword);

  assert.ok(of(build, 'RUN').some((run) => /\bnpm ci\b/.test(run.getArgumentsContent() ?? '')), 'the build stage installs with npm ci');
  assert.ok(of(build, 'RUN').some((run) => /npm run build --if-present/.test(run.getArgumentsContent() ?? '')), 'the build step runs when the project has one');
  const runtimeCopies = dockerfile.getCOPYs().filter((copy) => lineOf(copy) > runtimeStart);
  assert.ok(runtimeCopies.some((copy) => copy.getFromFlag()?.getValue() === 'build'), 'the runtime stage copies from the build');

  const users = of(runtime, 'USER').map((user) => user.getArgumentsContent() ?? '');
  assert.ok(users.length > 0 && !/^(root|0)(:|$)/.test(users.at(-1) ?? ''), `the runtime runs as a user other than root (${users.join()})`);
  const healthchecks = of(runtime, 'HEALTHCHECK').map((check) => check.getArgumentsContent() ?? '');
  assert.equal(healthchecks.length, 1);
  assert.match(healthchecks[0] ?? '', /\/mj\/health/);
  assert.ok(of(runtime, 'VOLUME').some((volume) => (volume.getArgumentsContent() ?? '').includes('/app/data')), 'a data volume');
  assert.ok(of(runtime, 'EXPOSE').some((expose) => expose.getArgumentsContent() === '8080'));
  const start = of(runtime, 'CMD').at(-1)?.getArgumentsContent() ?? '';
  assert.match(start, /^\[/, 'CMD in exec form');
  assert.match(start, /exec node/, 'node replaces the shell, so it gets the stop signal');

  for (const instruction of [...dockerfile.getENVs(), ...dockerfile.getARGs()]) {
    for (const property of instruction.getProperties()) {
      assert.ok(!SECRET_NAME.test(property.getName()) || !property.getValue(), `${property.getName()} holds a secret in the image`);
    }
  }
  for (const copy of dockerfile.getCOPYs()) {
    if (copy.getFromFlag()) continue;
    const sources = copy.getArguments().slice(0, -1).map((argument) => argument.getValue()).filter((source) => !source.startsWith('--'));
    for (const source of sources) assert.ok(source === '.' || existsSync(source), `COPY ${source}: no such file in the repository`);
  }
});

test('.dockerignore keeps dependencies, data, configuration and secrets out of the build context', () => {
  const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((line) => line.trim());
  for (const entry of ['node_modules', '.git', 'data', 'config.yaml', '.env']) assert.ok(ignored.includes(entry), `${entry} is ignored`);
  const copied = DockerfileParser.parse(readFileSync('Dockerfile', 'utf8')).getCOPYs().flatMap((copy) => copy.getArguments().map((a) => a.getValue()));
  for (const file of copied) assert.ok(!ignored.includes(file), `${file} is copied but ignored`);
});

test('compose files: pinned images, a health check and volumes everywhere, ports for mj-proxy, env names the config knows, no secret values', () => {
  const configNames = configEnvNames(ConfigSchema);
  for (const file of COMPOSE_FILES) {
    const compose = parseYaml(readFileSync(file, 'utf8'), { merge: true }) as {
      services: Record<string, Record<string, unknown>>;
      volumes?: Record<string, unknown>;
    };
    const services = Object.entries(compose.services);
    assert.ok(services.some(([, service]) => service.build !== undefined), `${file} builds mj-proxy`);
    for (const [name, service] of services) {
      const where = `${file} ${name}`;
      if (service.build === undefined) assert.match(String(service.image), PINNED, `${where}: pinned image`);
      const healthcheck = service.healthcheck as { test?: unknown } | undefined;
      assert.ok(Array.isArray(healthcheck?.test) && healthcheck.test.length > 1, `${where}: a health check`);
      const volumes = (service.volumes ?? []) as string[];
      assert.ok(volumes.length > 0, `${where}: volumes`);
      for (const volume of volumes) {
        const source = volume.split(':')[0] ?? '';
        assert.ok(source.startsWith('.') || source.startsWith('/') || compose.volumes?.[source] !== undefined, `${where}: volume ${source} is declared`);
      }
      for (const [dependency] of Object.entries((service.depends_on ?? {}) as Record<string, unknown>)) {
        assert.ok(compose.services[dependency], `${where} depends on ${dependency}, which exists`);
      }
      const environment = (service.environment ?? {}) as Record<string, string>;
      for (const [variable, value] of Object.entries(environment)) {
        if (variable.startsWith('MJ_')) assert.ok(configNames.has(variable), `${where}: ${variable} is no configuration key`);
        const secretLiteral = SECRET_NAME.test(variable) && String(value) !== '' && !FROM_ENVIRONMENT.test(String(value));
        assert.ok(!secretLiteral, `${where}: ${variable} holds a secret value; take it from the environment`);
        assert.ok(!/:\/\/[^/:@]+:[^$/@][^/@]*@/.test(String(value)), `${where}: ${variable} has a password in its URL`);
      }
      if (service.build !== undefined) {
        assert.ok(((service.ports ?? []) as string[]).length > 0, `${where}: ports`);
        assert.ok(volumes.some((volume) => volume.endsWith(':/app/data')), `${where}: the data volume`);
      }
    }
  }
});
