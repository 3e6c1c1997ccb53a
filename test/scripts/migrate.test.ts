import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { ConfigSchema } from '../../src/config/schema.js';
import { migrateNovicezk } from '../../scripts/migrate/novicezk.js';
import { tempDir } from '../e2e/harness.js';

const OSS = 'test/fixtures/novicezk/application.yml';
const PLUS = 'test/fixtures/novicezk/application-plus.yml';
/** The fixtures' made-up tokens: a token's shape, its last part one letter repeated. */
const placeholderToken = (head: string, fill: string): string => `${head}.${fill.repeat(38)}`;
const SECRETS = ['oss-s3cret', 'baidu-secret', 'sk-oss', 'r3dis-pass', 'plus-s3cret', 'db-pass', 'admin-pass', 'MTEwMDAw', 'MTIwMDAw'];

const run = promisify(execFile);
const documents = (path: string) => parseAllDocuments(readFileSync(path, 'utf8')).map((document) => document.toJS() as unknown);
const migrate = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts', ...args]);

const unmappedKeys = (lines: string[]) => lines.map((line) => line.slice(0, line.indexOf(': ')));
/** Task retention (SPEC store.retentionDays) is carried over once the configuration has it. */
const HAS_RETENTION = 'retentionDays' in ConfigSchema.properties.store.properties;

test('the open-source edition, kebab-case with a single mj.discord account', () => {
  const { config, unmapped, notes } = migrateNovicezk(documents(OSS));
  assert.deepEqual(config, {
    server: { port: 8081, apiSecret: 'oss-s3cret' },
    notify: { hook: 'https://hooks.example.com/mj', concurrency: 12 },
    translate: {
      way: 'baidu',
      baidu: { appId: '20230101000123456', appSecret: 'baidu-secret' },
      gpt: { baseUrl: 'https://api.openai-proxy.example/v1', apiKey: 'sk-oss', model: 'gpt-3.5-turbo' },
    },
    discord: { apiBaseUrl: 'https://discord.example.com/api/v9', gatewayUrl: 'wss://gateway.example.com', cdnReplace: 'https://cdn.example.com' },
    logLevel: 'info',
    store: { url: 'redis://:r3dis-pass@10.0.0.5:6380', ...(HAS_RETENTION ? { retentionDays: 30 } : {}) },
    accounts: [{
      guildId: '1100000000000000001', channelId: '1100000000000000002',
      userToken: placeholderToken('MTEwMDAwMDAwMDAwMDAwMDAwMw.GaBcDe', 'a'),
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Safari/537.36',
      coreSize: 2, queueSize: 8, timeoutMinutes: 6,
    }],
  });
  assert.deepEqual(unmappedKeys(unmapped).sort(), [
    'logging.level.com.github.novicezk.midjourney', 'mj.discord.user-wss', 'mj.ng-discord.resume-wss',
    'mj.openai.max-tokens', 'mj.openai.temperature', 'mj.openai.timeout', 'mj.proxy.host', 'mj.proxy.port',
    ...(HAS_RETENTION ? [] : ['mj.task-store.timeout']),
  ].sort());
  assert.ok(unmapped.find((line) => line.startsWith('mj.proxy.host'))?.includes('proxy'), 'each says why');
  assert.ok(notes.some((note) => note.includes('mj.queue')));
});

test('the Plus edition, camelCase and snake_case, an account list, MySQL, a second document, a placeholder', () => {
  const { config, unmapped } = migrateNovicezk(documents(PLUS));
  assert.deepEqual(config, {
    server: { apiSecret: 'plus-s3cret' },
    notify: { hook: 'https://hooks.example.com/plus', concurrency: 20 },
    accountSelection: 'weighted',
    translate: { way: 'gpt', zhWay: 'deepl', deepl: { authKey: 'deepl-key:fx' }, gpt: { baseUrl: 'https://api.openai.com/v1/chat/completions', model: 'gpt-4o-mini' } },
    store: { url: 'mysql://mj:db-pass@db.internal:3306/mj_plus' },
    accounts: [
      {
        guildId: '1200000000000000001', channelId: '1200000000000000002',
        userToken: placeholderToken('MTIwMDAwMDAwMDAwMDAwMDAwMw.GxYzAb', 'b'),
        coreSize: 6, queueSize: 20, timeoutMinutes: 10, mode: 'RELAX', remixAutoSubmit: true, remark: 'main', weight: 2,
        dmChannelId: '1200000000000000004',
      },
      {
        guildId: '1200000000000000011', channelId: '1200000000000000012',
        userToken: placeholderToken('MTIwMDAwMDAwMDAwMDAwMDAxMw.GqRsTu', 'c'), enable: false,
      },
    ],
  });
  assert.deepEqual(unmappedKeys(unmapped).sort(), [
    'mj.openai.gptApiKey', 'mj.accounts[0].nijiBotChannelId', 'mj.username', 'mj.password', 'mj.accountSyncCron',
  ].sort());
  assert.match(unmapped.find((line) => line.startsWith('mj.openai.gptApiKey')) ?? '', /placeholder.*MJ_TRANSLATE_GPT_API_KEY/);
});

test('values mj-proxy cannot take are reported by key, not carried over', () => {
  const { config, unmapped } = migrateNovicezk([{ mj: { 'translate-way': 'youdao', accounts: [{ 'channel-id': 'c', 'core-size': 'three' }] } }]);
  assert.deepEqual(config, { accounts: [{ channelId: 'c' }] });
  assert.deepEqual(unmappedKeys(unmapped).sort(), ['mj.accounts[0].core-size', 'mj.translate-way']);
});

test('npm run migrate writes a config.yaml mj-proxy loads, lists what it left out, and prints no secret', async () => {
  const dir = tempDir();
  const out = join(dir, 'config.yaml');
  const { stdout, stderr } = await migrate('--from', OSS, '--out', out);
  assert.equal(stderr, '');
  assert.match(stdout, /wrote .*config\.yaml \(1 account\)/);
  assert.match(stdout, HAS_RETENTION ? /not carried over \(8\)/ : /not carried over \(9\)/);
  assert.match(stdout, /mj\.proxy\.host: /);
  for (const secret of SECRETS) assert.ok(!stdout.includes(secret), `${secret} was printed`);
  assert.equal(statSync(out).mode & 0o077, 0, 'only its owner can read the file (it holds tokens)');

  const loaded = loadConfig({ MJ_CONFIG: out });
  assert.equal(loaded.server.apiSecret, 'oss-s3cret');
  assert.equal(loaded.accounts[0]?.queueSize, 8);
  assert.equal(loaded.accounts[0]?.remix, false, 'defaults fill what the source did not say');
  assert.match(readFileSync(out, 'utf8'), /# Not carried over:\n(# {3}.+\n)*# {3}mj\.proxy\.host: /, 'the file says what it lacks');

  await assert.rejects(migrate('--from', PLUS, '--out', out), /exists; pass --force/);
  await migrate('--from', PLUS, '--out', out, '--force');
  assert.equal(loadConfig({ MJ_CONFIG: out }).accounts.length, 2);
});

test('npm run migrate refuses what mj-proxy would refuse, naming the key, and writes nothing', async () => {
  const dir = tempDir();
  const source = join(dir, 'application.yml');
  writeFileSync(source, 'mj:\n  accounts:\n    - channel-id: "1"\n      core-size: 500\n');
  await assert.rejects(migrate('--from', source, '--out', join(dir, 'config.yaml')), /accounts\.0\.coreSize/);
  await assert.rejects(migrate('--out', join(dir, 'config.yaml')), /usage: npm run migrate -- --from/);
  writeFileSync(source, 'mj:\n  accounts: [\n');
  await assert.rejects(migrate('--from', source, '--out', join(dir, 'config.yaml')), /not valid YAML/);
});
