/**
 * The `mj.*` settings of novicezk/midjourney-proxy (and the Plus edition's extra keys) as an mj-proxy
 * configuration tree, with what could not be carried over and why. Pure: no files, no environment.
 */
import type { TSchema } from '@sinclair/typebox';
import { envNameFor } from '../../src/config/load.js';
import { ConfigSchema } from '../../src/config/schema.js';
import { relaxed, SpringTree } from './spring-tree.js';

type Tree = Record<string, unknown>;
type Convert = (value: unknown) => unknown;

export interface Migration {
  /** The mj-proxy configuration (only what the source set; mj-proxy's defaults fill the rest). */
  config: Tree;
  /** `key: why` for every source setting that was not carried over. */
  unmapped: string[];
  /** Conversions worth knowing about. */
  notes: string[];
}

/** Thrown by a conversion that cannot use the value. */
class Unusable extends Error {}

const text: Convert = (value) => (value === null ? '' : String(value));
const integer: Convert = (value) => {
  const number = Number(value);
  if (!Number.isInteger(number)) throw new Unusable(`not a whole number: ${String(value)}`);
  return number;
};
const number: Convert = (value) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Unusable(`not a number: ${String(value)}`);
  return parsed;
};
const boolean: Convert = (value) => {
  if (typeof value === 'boolean') return value;
  if (/^(true|false)$/i.test(String(value))) return /^true$/i.test(String(value));
  throw new Unusable(`not true or false: ${String(value)}`);
};
const translateWay: Convert = (value) => {
  const way = String(value ?? 'null').toLowerCase();
  if (way === 'null' || way === '') return 'none';
  if (['baidu', 'gpt', 'deepl'].includes(way)) return way;
  throw new Unusable(`unknown translate way: ${way}`);
};
const CHOOSE_RULES: Record<string, string> = {
  bestwaitidlerule: 'best-wait-idle', roundrobinrule: 'round-robin', weightedrandomrule: 'weighted', randomrule: 'random',
};
const chooseRule: Convert = (value) => {
  // The upstream value is a class name, possibly fully qualified.
  const rule = CHOOSE_RULES[relaxed(String(value).split('.').pop() ?? '')];
  if (rule === undefined) throw new Unusable(`unknown account choose rule: ${String(value)}`);
  return rule;
};
const LOG_LEVELS: Record<string, string> = { off: 'silent', fatal: 'fatal', error: 'error', warn: 'warn', info: 'info', debug: 'debug', trace: 'trace' };
const logLevel: Convert = (value) => {
  const level = LOG_LEVELS[String(value).toLowerCase()];
  if (level === undefined) throw new Unusable(`unknown log level: ${String(value)}`);
  return level;
};
const withoutTrailingSlash = (value: unknown): string => String(value).replace(/\/+$/, '');
/** Upstream's OpenAI client appends /v1/chat/completions to its base; ours appends /chat/completions. */
const openAiBase: Convert = (value) => {
  const base = withoutTrailingSlash(value);
  return /\/v\d+$|\/chat\/completions$/.test(base) ? base : `${base}/v1`;
};
const discordApi: Convert = (value) => `${withoutTrailingSlash(value)}/api/v9`;
const mode: Convert = (value) => {
  const upper = String(value).toUpperCase();
  if (!['FAST', 'RELAX', 'TURBO'].includes(upper)) throw new Unusable(`unknown mode: ${String(value)}`);
  return upper;
};

const MS_PER_UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** A Spring Duration (`30d`, `720h`, `P30D`, or milliseconds) in whole days, at least one. */
const retentionDays: Convert = (value) => {
  const raw = String(value).trim();
  const iso = /^P(\d+)D$/i.exec(raw);
  const simple = /^(\d+)\s*(ms|s|m|h|d)?$/i.exec(raw);
  const ms = iso ? Number(iso[1]) * (MS_PER_UNIT.d as number) : simple ? Number(simple[1]) * (MS_PER_UNIT[(simple[2] ?? 'ms').toLowerCase()] as number) : NaN;
  if (!Number.isFinite(ms)) throw new Unusable(`not a duration: ${raw}`);
  return Math.max(1, Math.ceil(ms / (MS_PER_UNIT.d as number)));
};

/** Source key (relaxed) → mj-proxy key path, with the conversion its value needs. */
const SETTINGS: [string, string[], Convert][] = [
  ['server.port', ['server', 'port'], integer],
  ['mj.apisecret', ['server', 'apiSecret'], text],
  ['mj.notifyhook', ['notify', 'hook'], text],
  ['mj.notifypoolsize', ['notify', 'concurrency'], integer],
  // The upstream documentation spells it this way; some configurations copied that.
  ['mj.notifynotifypoolsize', ['notify', 'concurrency'], integer],
  ['mj.accountchooserule', ['accountSelection'], chooseRule],
  ['mj.translateway', ['translate', 'way'], translateWay],
  ['mj.translatezhway', ['translate', 'zhWay'], translateWay],
  ['mj.baidutranslate.appid', ['translate', 'baidu', 'appId'], text],
  ['mj.baidutranslate.appsecret', ['translate', 'baidu', 'appSecret'], text],
  ['mj.deepltranslate.authkey', ['translate', 'deepl', 'authKey'], text],
  ['mj.openai.gptapiurl', ['translate', 'gpt', 'baseUrl'], openAiBase],
  ['mj.openai.gptapikey', ['translate', 'gpt', 'apiKey'], text],
  ['mj.openai.model', ['translate', 'gpt', 'model'], text],
  ['mj.ngdiscord.server', ['discord', 'apiBaseUrl'], discordApi],
  ['mj.ngdiscord.wss', ['discord', 'gatewayUrl'], withoutTrailingSlash],
  ['mj.ngdiscord.cdn', ['discord', 'cdnReplace'], withoutTrailingSlash],
  ['mj.ngdiscord.mjsaysserver', ['discord', 'activityBaseUrl'], withoutTrailingSlash],
  ['logging.level.root', ['logLevel'], logLevel],
  ['mj.taskstore.timeout', ['store', 'retentionDays'], retentionDays],
];

const ACCOUNT_FIELDS: [string, string, Convert][] = [
  ['guildid', 'guildId', text], ['channelid', 'channelId', text], ['usertoken', 'userToken', text],
  ['useragent', 'userAgent', text], ['enable', 'enable', boolean], ['coresize', 'coreSize', integer],
  ['queuesize', 'queueSize', integer], ['timeoutminutes', 'timeoutMinutes', number], ['mode', 'mode', mode],
  ['remix', 'remix', boolean], ['remixautosubmit', 'remixAutoSubmit', boolean], ['remark', 'remark', text],
  ['weight', 'weight', number], ['mjbotchannelid', 'dmChannelId', text],
];
/** Before v2.4 the queue sizes lived under mj.queue; they become the default of every account. */
const LEGACY_QUEUE_FIELDS = ['coresize', 'queuesize', 'timeoutminutes'];

/** Why a source key has no counterpart (longest matching relaxed prefix wins). */
const REASONS: [string, string][] = [
  ['mj.proxy', 'mj-proxy has no outbound HTTP proxy setting; route its traffic through the host\'s network instead'],
  ['mj.ngdiscord.resumewss', 'mj-proxy resumes on the gateway address Discord names in READY'],
  ['mj.ngdiscord.uploadserver', 'mj-proxy uploads to the address Discord gives for each attachment'],
  ['mj.openai.timeout', 'translate.timeoutMs bounds the whole translation of a submit instead'],
  ['mj.openai.maxtokens', 'mj-proxy sends no token limit'],
  ['mj.openai.temperature', 'mj-proxy sends no temperature'],
  ['mj.taskstore.timeout', 'this mj-proxy keeps tasks without a retention limit'],
  ['mj.accounts.nijibotchannelid', 'niji jobs run in the account\'s channel, or in accounts[].nijiChannelId if you set one'],
  ['mj.discord.nijibotchannelid', 'niji jobs run in the account\'s channel, or in accounts[].nijiChannelId if you set one'],
  ['mj.username', 'the admin surface uses server.adminSecret, not a user name and password'],
  ['mj.password', 'the admin surface uses server.adminSecret, not a user name and password'],
  ['mj.accountstoretype', 'accounts come from this configuration'],
  ['mj.accountsynccron', 'mj-proxy reads account settings from Midjourney itself'],
  ['mj.errordesc', 'failReason texts are mj-proxy\'s own'],
  ['mj.adminimageprefix', 'set discord.cdnReplace or server.publicUrl'],
  ['spring', 'Spring settings other than the task store have no meaning here'],
  ['server', 'mj-proxy serves every route under /mj and the mode prefixes'],
  ['logging', 'only logging.level.root is carried over (as logLevel)'],
  ['mj.discord.bottoken', 'bot tokens are not supported; accounts use user tokens'],
  ['mj.accounts', 'mj-proxy has no such account setting'],
  ['mj.discord', 'mj-proxy has no such account setting'],
  ['mj', 'mj-proxy has no such setting'],
];

const PLACEHOLDER = /\$\{[^}]+\}/;

/** Whether this mj-proxy's configuration schema has the key. */
function schemaHas(path: readonly string[]): boolean {
  let schema: TSchema | undefined = ConfigSchema;
  for (const key of path) schema = (schema as { properties?: Record<string, TSchema> } | undefined)?.properties?.[key];
  return schema !== undefined;
}

function setAt(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Tree;
  node[path.at(-1) as string] = value;
}

export function migrateNovicezk(documents: readonly unknown[]): Migration {
  const source = new SpringTree(documents);
  const config: Tree = {};
  const unmapped: string[] = [];
  const notes: string[] = [];

  /** Reads, converts and hands over one value; placeholders and unusable values are reported instead. */
  const carry = (from: string, convert: Convert, where: string, use: (value: unknown) => void): void => {
    const raw = source.take(from);
    if (raw === undefined) return;
    const key = source.spelling(from);
    if (typeof raw === 'string' && PLACEHOLDER.test(raw)) {
      unmapped.push(`${key}: a Spring placeholder (${raw}); give its value to ${where} by hand`);
      return;
    }
    try {
      use(convert(raw));
    } catch (error) {
      if (!(error instanceof Unusable)) throw error;
      unmapped.push(`${key}: ${error.message}`);
    }
  };

  for (const [from, to, convert] of SETTINGS) {
    // A setting this mj-proxy does not have yet stays unread, and so is reported.
    if (schemaHas(to)) carry(from, convert, `${to.join('.')} (${envNameFor(to)})`, (value) => setAt(config, to, value));
  }
  const gptBase = (((config.translate as Tree | undefined)?.gpt ?? {}) as Tree).baseUrl;
  if (gptBase !== undefined && gptBase !== withoutTrailingSlash(source.take('mj.openai.gptapiurl'))) {
    notes.push(`mj.openai.gpt-api-url became translate.gpt.baseUrl ${String(gptBase)}: upstream's client added /v1, mj-proxy adds only /chat/completions`);
  }
  const contextPath = source.take('server.servlet.contextpath');
  if (contextPath !== undefined && withoutTrailingSlash(contextPath) !== '/mj') {
    unmapped.push(`server.servlet.context-path: mj-proxy serves under /mj, not ${String(contextPath)}; a reverse proxy can rewrite the prefix`);
  }

  const accounts = readAccounts(source, carry, notes);
  if (accounts.length > 0) config.accounts = accounts;
  readTaskStore(source, config, notes);

  for (const leaf of source.unread()) {
    const key = leaf.relaxedPath.replace(/\.\[\d+\]/g, '');
    const reason = REASONS.find(([prefix]) => key === prefix || key.startsWith(`${prefix}.`))?.[1];
    unmapped.push(`${leaf.path}: ${reason ?? 'not an mj-proxy setting'}`);
  }
  return { config, unmapped, notes };
}

type Carry = (from: string, convert: Convert, where: string, use: (value: unknown) => void) => void;

/** mj.accounts[] and then mj.discord (upstream adds it when its channel id is set), defaults from mj.queue. */
function readAccounts(source: SpringTree, carry: Carry, notes: string[]): Tree[] {
  const prefixes = source.indexes('mj.accounts').map((i) => `mj.accounts.[${i}]`);
  if (source.has('mj.discord.channelid')) prefixes.push('mj.discord');
  const accounts: Tree[] = [];
  const channels = new Set<string>();
  for (const prefix of prefixes) {
    const account: Tree = {};
    for (const [from, to, convert] of ACCOUNT_FIELDS) {
      carry(`${prefix}.${from}`, convert, `accounts[].${to} (MJ_ACCOUNTS)`, (value) => (account[to] = value));
    }
    for (const field of LEGACY_QUEUE_FIELDS) {
      const [, to, convert] = ACCOUNT_FIELDS.find(([from]) => from === field) as [string, string, Convert];
      carry(`mj.queue.${field}`, convert, `accounts[].${to}`, (value) => {
        if (account[to] === undefined) account[to] = value;
      });
    }
    const channel = String(account.channelId ?? '');
    if (channels.has(channel)) {
      notes.push(`${prefix}: a second account for channel ${channel} was left out (one account per channel)`);
      continue;
    }
    channels.add(channel);
    if (!account.userToken) notes.push(`${prefix}: no user token; the account cannot connect until one is set`);
    accounts.push(account);
  }
  if (source.has('mj.queue')) notes.push('mj.queue.* (before v2.4) became the queue settings of every account that had none');
  return accounts;
}

/** mj.task-store.type redis (and Plus's mysql) with Spring's connection settings → store.url. */
function readTaskStore(source: SpringTree, config: Tree, notes: string[]): void {
  const type = relaxed(String(source.take('mj.taskstore.type') ?? 'inmemory'));
  if (type === 'inmemory') {
    notes.push('tasks were kept in memory upstream; mj-proxy keeps them in SQLite (store.url) and they survive restarts');
    return;
  }
  if (type === 'redis') {
    const redis = source.has('spring.data.redis') ? 'spring.data.redis' : 'spring.redis';
    const host = String(source.take(`${redis}.host`) ?? 'localhost');
    const port = String(source.take(`${redis}.port`) ?? '6379');
    const password = source.take(`${redis}.password`);
    const database = source.take(`${redis}.database`);
    const auth = password ? `:${encodeURIComponent(String(password))}@` : '';
    setAt(config, ['store', 'url'], `redis://${auth}${host}:${port}${database === undefined ? '' : `/${String(database)}`}`);
    return;
  }
  if (type === 'mysql') {
    const jdbc = /^jdbc:mysql:\/\/([^/?]+)\/([^?]+)/.exec(String(source.take('spring.datasource.url') ?? ''));
    if (!jdbc) {
      notes.push('mj.task-store.type is mysql but spring.datasource.url is no jdbc:mysql:// URL: set store.url by hand');
      return;
    }
    const user = encodeURIComponent(String(source.take('spring.datasource.username') ?? ''));
    const password = source.take('spring.datasource.password');
    const auth = user ? `${user}${password ? `:${encodeURIComponent(String(password))}` : ''}@` : '';
    setAt(config, ['store', 'url'], `mysql://${auth}${jdbc[1]}/${jdbc[2]}`);
    return;
  }
  notes.push(`mj.task-store.type ${type} has no mj-proxy counterpart: tasks go to the default SQLite store`);
}
