/** Loads the gateway payloads in test/fixtures/messages and runs them through the parser. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  INSIGHT_FACE_APPLICATION_ID,
  MIDJOURNEY_APPLICATION_ID,
  NIJI_APPLICATION_ID,
  type GatewayPayload,
} from '../../src/discord/protocol/index.js';
import { parseDispatch, type MidjourneyEvent, type ParseContext } from '../../src/midjourney/index.js';

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'messages');
export const USER_ID = '1012268717368946718';
export const HASH_1 = '0ddb91a0-af46-4ae9-8e8e-c271074eb6e6';
export const HASH_2 = '5c1e7b3d-2f4a-4c8e-9d1b-7a6e5f4c3b2a';
export const HASH_3 = '9f8e7d6c-5b4a-4321-8fed-cba987654321';

export const CONTEXT: ParseContext = {
  botApplicationIds: new Set([MIDJOURNEY_APPLICATION_ID, NIJI_APPLICATION_ID, INSIGHT_FACE_APPLICATION_ID]),
  userId: USER_ID,
};

export const fixtureNames = (): string[] =>
  readdirSync(FIXTURE_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length));

export function loadFixture(name: string): GatewayPayload & { t: string } {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8')) as GatewayPayload & { t: string };
}

export function parseFixture(name: string, context: ParseContext = CONTEXT): MidjourneyEvent[] {
  const payload = loadFixture(name);
  return parseDispatch(payload.t, payload.d, context);
}

/** The event types whose kind may be K (some events share a type across kinds). */
type EventOfKind<E, K> = E extends { kind: infer EK } ? (K extends EK ? E : never) : never;

/** The single event a fixture yields, narrowed to the expected kind (fails the test otherwise). */
export function only<K extends MidjourneyEvent['kind']>(name: string, kind: K): EventOfKind<MidjourneyEvent, K> {
  const events = parseFixture(name);
  if (events.length !== 1 || events[0]?.kind !== kind) {
    throw new Error(`${name}: expected one ${kind} event, got ${JSON.stringify(events.map((e) => e.kind))}`);
  }
  return events[0] as EventOfKind<MidjourneyEvent, K>;
}
