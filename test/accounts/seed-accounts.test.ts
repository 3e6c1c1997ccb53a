import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from '@sinclair/typebox/value';
import type { AccountRecord, AccountStore } from '../../src/accounts/account-store.js';
import { editableFields, fromRecord, withFields } from '../../src/accounts/managed-account.js';
import { seedAccounts } from '../../src/accounts/seed-accounts.js';
import { AccountSchema, type AccountConfig } from '../../src/config/schema.js';

function memoryStore(): AccountStore & { records: Map<string, AccountRecord> } {
  const records = new Map<string, AccountRecord>();
  return {
    records,
    list: () => Promise.resolve([...records.values()].sort((a, b) => (a.id < b.id ? -1 : 1))),
    get: (id) => Promise.resolve(records.get(id)),
    put: (record) => Promise.resolve(void records.set(record.id, structuredClone(record))),
    delete: (id) => Promise.resolve(records.delete(id)),
  };
}

const yaml = (channelId: string, fields: Partial<AccountConfig> = {}): AccountConfig =>
  Value.Default(AccountSchema, { channelId, userToken: `token-of-${channelId}-long-enough`, ...fields }) as AccountConfig;

test('first start seeds the YAML accounts by channel id, in the file order, ENABLE unless disabled', async () => {
  const store = memoryStore();
  const accounts = await seedAccounts(store, [yaml('30'), yaml('10', { enable: false })], 1000);
  assert.deepEqual(accounts.map((account) => [account.id, account.status, account.origin]), [['30', 'ENABLE', 'yaml'], ['10', 'DISABLED', 'yaml']]);
  assert.equal(store.records.size, 2);
});

test('an unedited YAML account follows the file (a new token; removed from the file, it goes); an edited one keeps the store', async () => {
  const store = memoryStore();
  await seedAccounts(store, [yaml('1'), yaml('2'), yaml('3')], 1000);
  const edited = withFields(fromRecord((await store.get('2'))!), editableFields({ remark: 'edited', dayDrawLimit: 5 }));
  await store.put({ ...edited });
  const accounts = await seedAccounts(store, [yaml('1', { userToken: 'a-rotated-token-of-some-length' }), yaml('2', { remark: 'from yaml' })], 2000);
  assert.deepEqual(accounts.map((account) => account.id), ['1', '2']);
  assert.equal(accounts[0]?.userToken, 'a-rotated-token-of-some-length');
  assert.equal(accounts[0]?.dateCreated, 1000);
  assert.deepEqual([accounts[1]?.remark, accounts[1]?.dayDrawLimit, accounts[1]?.origin], ['edited', 5, 'api']);
  assert.equal(await store.get('3'), undefined);
});

test('a deleted YAML account (a tombstone) is not seeded again; an API account stays though no file names it', async () => {
  const store = memoryStore();
  await store.put({ id: '1', channelId: '1', deleted: true });
  await store.put({ ...withFields(fromRecord({ id: 'api-made', channelId: '9', userToken: 'x' }), {}) });
  const accounts = await seedAccounts(store, [yaml('1'), yaml('2')], 1000);
  assert.deepEqual(accounts.map((account) => account.id).sort(), ['2', 'api-made']);
});

test('edits: a masked token keeps the token, enable toggles DISABLED, a bad field is named', () => {
  const account = fromRecord({ id: '1', channelId: '1', userToken: 'MTAsomething-secret-xyz' });
  assert.equal(withFields(account, editableFields({ userToken: 'MTA…xyz' })).userToken, 'MTAsomething-secret-xyz');
  assert.equal(withFields(account, editableFields({ userToken: 'a-new-token' })).userToken, 'a-new-token');
  const disabled = withFields(account, editableFields({ enable: false, disabledReason: 'resting' }));
  assert.deepEqual([disabled.status, disabled.enable, disabled.disabledReason], ['DISABLED', false, 'resting']);
  const back = withFields(disabled, editableFields({ enable: true }));
  assert.deepEqual([back.status, back.enable, back.disabledReason], ['ENABLE', true, undefined]);
  assert.throws(() => editableFields({ queueSize: -1 }), /^Error: queueSize: /);
  assert.equal(editableFields({ mjBotChannelId: '42' }).dmChannelId, '42', "the Plus name of the bot's DM channel");
  assert.throws(() => editableFields({ guildId: 'my guild' }), /guildId: must be a Discord id/);
});
