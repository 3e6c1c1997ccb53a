import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandCatalog, DiscordApiError, UnknownCommandError, type CommandTransport } from '../../src/discord/rest/index.js';
import {
  InteractionType,
  MIDJOURNEY_APPLICATION_ID,
  NIJI_APPLICATION_ID,
  type ApplicationCommand,
  type ApplicationCommandIndex,
  type InteractionRequest,
} from '../../src/discord/protocol/index.js';

function command(applicationId: string, name: string, id: string, version: string): ApplicationCommand {
  return { id, type: 1, application_id: applicationId, version, name, description: name };
}

const staleVersion = () => new DiscordApiError(400, {
  code: 50035, message: 'Invalid Form Body',
  errors: { data: { _errors: [{ code: 'INTERACTION_APPLICATION_COMMAND_INVALID_VERSION', message: 'stale' }] } },
}, 'POST', 'POST /interactions');

/** A command index whose imagine version changes each time it is fetched, and an interact() scripted per call. */
function fakeTransport(outcomes: (Error | null)[]) {
  const fetches: string[] = [];
  const sent: InteractionRequest[] = [];
  const transport: CommandTransport = {
    async getCommandIndex(scope): Promise<ApplicationCommandIndex> {
      fetches.push(JSON.stringify(scope));
      const version = `v${fetches.length}`;
      return {
        applications: [],
        application_commands: [
          command(MIDJOURNEY_APPLICATION_ID, 'imagine', '938956540159881230', version),
          command(NIJI_APPLICATION_ID, 'imagine', '1023054140580057099', `niji-${version}`),
        ],
      };
    },
    async interact(payload) {
      sent.push(payload);
      const outcome = outcomes.shift();
      if (outcome) throw outcome;
    },
  };
  return { transport, fetches, sent };
}

const build = (cmd: ApplicationCommand): InteractionRequest => ({
  type: InteractionType.ApplicationCommand, application_id: cmd.application_id, channel_id: 'C', guild_id: 'G',
  session_id: 'S', nonce: 'N',
  data: { id: cmd.id, version: cmd.version, name: cmd.name, type: 1, options: [], attachments: [] },
});

const versionSent = (payload: InteractionRequest | undefined) =>
  payload?.type === InteractionType.ApplicationCommand ? payload.data.version : undefined;

test('commands are discovered per application from the index', async () => {
  const { transport, fetches } = fakeTransport([]);
  const catalog = new CommandCatalog(transport, { guildId: 'G' });
  assert.equal(catalog.get(MIDJOURNEY_APPLICATION_ID, 'imagine'), undefined);
  await catalog.refresh();
  assert.equal(catalog.get(MIDJOURNEY_APPLICATION_ID, 'imagine')?.version, 'v1');
  assert.equal(catalog.get(NIJI_APPLICATION_ID, 'imagine')?.id, '1023054140580057099');
  assert.deepEqual(catalog.applicationIds().sort(), [MIDJOURNEY_APPLICATION_ID, NIJI_APPLICATION_ID].sort());
  assert.deepEqual(fetches, ['{"guildId":"G"}']);
});

test('concurrent refreshes share one request', async () => {
  const { transport, fetches } = fakeTransport([]);
  const catalog = new CommandCatalog(transport, { channelId: 'DM' });
  await Promise.all([catalog.refresh(), catalog.refresh(), catalog.require(MIDJOURNEY_APPLICATION_ID, 'imagine')]);
  assert.deepEqual(fetches, ['{"channelId":"DM"}']);
});

test('an invalid command version refreshes the index and retries exactly once', async () => {
  const { transport, fetches, sent } = fakeTransport([staleVersion(), null]);
  const catalog = new CommandCatalog(transport, { guildId: 'G' });
  await catalog.sendCommand(MIDJOURNEY_APPLICATION_ID, 'imagine', build);
  assert.deepEqual(sent.map(versionSent), ['v1', 'v2']);
  assert.equal(fetches.length, 2);
});

test('a second invalid version is reported, not retried again', async () => {
  const { transport, sent } = fakeTransport([staleVersion(), staleVersion(), null]);
  const catalog = new CommandCatalog(transport, { guildId: 'G' });
  await assert.rejects(catalog.sendCommand(MIDJOURNEY_APPLICATION_ID, 'imagine', build), DiscordApiError);
  assert.equal(sent.length, 2);
});

test('other errors pass through without a refresh', async () => {
  const { transport, fetches, sent } = fakeTransport([new DiscordApiError(403, { code: 50001, message: 'Missing Access' }, 'POST', 'POST /interactions')]);
  const catalog = new CommandCatalog(transport, { guildId: 'G' });
  await assert.rejects(catalog.sendCommand(MIDJOURNEY_APPLICATION_ID, 'imagine', build), (error) => error instanceof DiscordApiError && error.status === 403);
  assert.equal(sent.length, 1);
  assert.equal(fetches.length, 1);
});

test('an unknown command is an UnknownCommandError after one more look at the index', async () => {
  const { transport, fetches } = fakeTransport([]);
  const catalog = new CommandCatalog(transport, { guildId: 'G' });
  await assert.rejects(catalog.sendCommand(MIDJOURNEY_APPLICATION_ID, 'nope', build), UnknownCommandError);
  assert.equal(fetches.length, 2);
});
