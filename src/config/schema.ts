/** The one configuration schema (SPEC §10): every key, its type and its default, in one place. */
import { Type, type Static } from '@sinclair/typebox';

const Mode = Type.Union([Type.Literal('FAST'), Type.Literal('RELAX'), Type.Literal('TURBO')], { default: 'FAST' });
const TranslateWay = Type.Union(
  [Type.Literal('none'), Type.Literal('baidu'), Type.Literal('deepl'), Type.Literal('gpt')],
  { default: 'none' },
);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Bounds of the banned-word list (a list is one regular expression, built at each change). */
export const MAX_BANNED_WORDS = 10_000;
export const MAX_BANNED_WORD_LENGTH = 200;

/** A credential: `writeOnly` (JSON Schema's own word for it) marks the keys no answer shows in clear. */
const Secret = () => Type.String({ default: '', writeOnly: true });

export const AccountSchema = Type.Object({
  guildId: Type.String({ default: '' }),
  channelId: Type.String({ default: '' }),
  userToken: Type.String({ default: '' }),
  userAgent: Type.String({ default: '' }),
  enable: Type.Boolean({ default: true }),
  /** ENABLE, DISABLED (no connection) or LISTEN_ONLY (connected, parsed, no new work); absent: from `enable`. */
  status: Type.Optional(Type.Union([Type.Literal('ENABLE'), Type.Literal('DISABLED'), Type.Literal('LISTEN_ONLY')])),
  /** Why an operator disabled it (shown with the account). */
  disabledReason: Type.Optional(Type.String()),
  coreSize: Type.Integer({ minimum: 1, maximum: 100, default: 3 }),
  queueSize: Type.Integer({ minimum: 0, maximum: 1000, default: 10 }),
  /** Absent: timeouts.taskMinutes, which can change at run time. */
  timeoutMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  mode: Mode,
  remix: Type.Boolean({ default: false }),
  remixAutoSubmit: Type.Boolean({ default: false }),
  remark: Type.String({ default: '' }),
  weight: Type.Number({ minimum: 0, default: 1 }),
  dmChannelId: Type.String({ default: '' }),
  nijiChannelId: Type.String({ default: '' }),
  /** A FAST or TURBO task on an account whose fast hours are used up (and no other account has any): run it relaxed, or refuse it. */
  fastExhausted: Type.Union([Type.Literal('relax'), Type.Literal('refuse')], { default: 'relax' }),
  /** Tasks a day in FAST or TURBO mode, and in RELAX mode; -1: no limit. */
  dayDrawLimit: Type.Integer({ minimum: -1, default: -1 }),
  dayRelaxLimit: Type.Integer({ minimum: -1, default: -1 }),
});

export const ConfigSchema = Type.Object({
  server: Type.Object({
    host: Type.String({ default: '0.0.0.0' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
    apiSecret: Type.String({ default: '' }),
    adminSecret: Type.String({ default: '' }),
    publicUrl: Type.String({ default: '' }),
    english: Type.Boolean({ default: false }),
    bodyLimitBytes: Type.Integer({ minimum: 1024, default: 30 * 1024 * 1024 }),
    imageLimitBytes: Type.Integer({ minimum: 1024, default: 10 * 1024 * 1024 }),
    /** Comment lines on idle task streams keep proxies from cutting them. */
    streamHeartbeatSeconds: Type.Number({ exclusiveMinimum: 0, default: 15 }),
  }, { default: {} }),
  security: Type.Object({
    /** Image URLs may lead to loopback, private, link-local and other non-public addresses. */
    allowPrivateNetworks: Type.Boolean({ default: false }),
  }, { default: {} }),
  store: Type.Object({
    url: Type.String({ default: 'sqlite:./data/mj-proxy.db' }),
    /** Finished tasks older than this are deleted; 0 keeps them forever. */
    retentionDays: Type.Number({ minimum: 0, default: 30 }),
    /** Redis only: every key starts with this, so several deployments can share one Redis. */
    keyPrefix: Type.String({ default: 'mj:' }),
  }, { default: {} }),
  /** Several instances sharing one store: Redis carries account leases, job queues and task changes. */
  cluster: Type.Object({
    /** redis://… turns cluster mode on; empty: one instance on its own. */
    redis: Type.String({ default: '' }),
    /** all: answers the API and runs Discord accounts; api: answers the API only, takes no account. */
    role: Type.Union([Type.Literal('all'), Type.Literal('api')], { default: 'all' }),
  }, { default: {} }),
  discord: Type.Object({
    apiBaseUrl: Type.String({ default: 'https://discord.com/api/v9' }),
    gatewayUrl: Type.String({ default: 'wss://gateway.discord.gg' }),
    cdnReplace: Type.String({ default: '' }),
    activityBaseUrl: Type.String({ default: 'https://936929561302675456.discordsays.com' }),
  }, { default: {} }),
  demo: Type.Object({
    jobSeconds: Type.Number({ exclusiveMinimum: 0, default: 10 }),
    coreSize: Type.Integer({ minimum: 1, maximum: 100, default: 3 }),
    queueSize: Type.Integer({ minimum: 0, maximum: 1000, default: 10 }),
    /** Absent: timeouts.taskMinutes. */
    timeoutMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  }, { default: {} }),
  notify: Type.Object({
    hook: Type.String({ default: '' }),
    concurrency: Type.Integer({ minimum: 1, default: 10 }),
    timeoutMs: Type.Integer({ minimum: 100, default: 10000 }),
    maxAttempts: Type.Integer({ minimum: 1, default: 5 }),
    /** Host names notify hooks may call; empty = any (relays often call back inside their own network). */
    allowedHosts: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
  }, { default: {} }),
  translate: Type.Object({
    way: TranslateWay,
    zhWay: TranslateWay,
    timeoutMs: Type.Integer({ minimum: 1, default: 5000 }),
    cacheSize: Type.Integer({ minimum: 0, default: 1000 }),
    baidu: Type.Object({
      appId: Type.String({ default: '' }),
      appSecret: Secret(),
      baseUrl: Type.String({ default: 'https://fanyi-api.baidu.com' }),
    }, { default: {} }),
    deepl: Type.Object({
      authKey: Secret(),
      baseUrl: Type.String({ default: '' }),
    }, { default: {} }),
    gpt: Type.Object({
      baseUrl: Type.String({ default: 'https://api.openai.com/v1' }),
      apiKey: Secret(),
      model: Type.String({ default: 'gpt-4o-mini' }),
    }, { default: {} }),
  }, { default: {} }),
  images: Type.Object({
    store: Type.Union([Type.Literal('none'), Type.Literal('local'), Type.Literal('s3')], { default: 'local' }),
    dir: Type.String({ default: './data/images' }),
    previews: Type.Boolean({ default: false }),
    maxBytes: Type.Integer({ minimum: 1024, default: 100 * 1024 * 1024 }),
    downloadTimeoutMs: Type.Integer({ minimum: 100, default: 60_000 }),
    attempts: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
    concurrency: Type.Integer({ minimum: 1, maximum: 64, default: 4 }),
    s3: Type.Object({
      bucket: Type.String({ default: '' }),
      prefix: Type.String({ default: '' }),
      region: Type.String({ default: 'us-east-1' }),
      endpoint: Type.String({ default: '' }),
      forcePathStyle: Type.Boolean({ default: false }),
      accessKeyId: Secret(),
      secretAccessKey: Secret(),
      publicBaseUrl: Type.String({ default: '' }),
      presignSeconds: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 * 60, default: 3600 }),
    }, { default: {} }),
  }, { default: {} }),
  bannedWords: Type.Object({
    file: Type.String({ default: '' }),
    /** The list itself (the admin API keeps it here); absent: the entries of `file`. */
    words: Type.Optional(Type.Array(Type.String({ maxLength: MAX_BANNED_WORD_LENGTH }), { maxItems: MAX_BANNED_WORDS })),
  }, { default: {} }),
  timeouts: Type.Object({
    /** A task with no sign of life for this long fails; an account's own timeoutMinutes wins. */
    taskMinutes: Type.Number({ exclusiveMinimum: 0, default: 5 }),
    /** A task waiting in MODAL for /submit/modal fails after this long. */
    modalMinutes: Type.Number({ exclusiveMinimum: 0, default: 30 }),
  }, { default: {} }),
  /** /info and /settings per account on a slow, jittered schedule (fast hours, mode, settings). */
  accountSync: Type.Object({
    everyMinutes: Type.Number({ exclusiveMinimum: 0, default: 360 }),
    /** While an account's fast hours are used up: how soon /info looks for them again. */
    exhaustedEveryMinutes: Type.Number({ exclusiveMinimum: 0, default: 60 }),
    /** Never more than one /info per account in this long (also bounds POST /mj/account/{id}/sync-info). */
    minIntervalSeconds: Type.Number({ minimum: 0, default: 60 }),
  }, { default: {} }),
  accountSelection: Type.Union([
    Type.Literal('best-wait-idle'), Type.Literal('round-robin'), Type.Literal('random'), Type.Literal('weighted'),
  ], { default: 'best-wait-idle' }),
  logLevel: Type.Union(LOG_LEVELS.map((level) => Type.Literal(level)), { default: 'info' }),
  /** auto: pretty, coloured one-line logs when stdout is a terminal; JSON lines otherwise. */
  logFormat: Type.Union([Type.Literal('auto'), Type.Literal('json'), Type.Literal('pretty')], { default: 'auto' }),
  accounts: Type.Array(AccountSchema, { default: [] }),
});

export type Config = Static<typeof ConfigSchema>;
export type AccountConfig = Static<typeof AccountSchema>;
export type TranslateConfig = Config['translate'];
export type StoreConfig = Config['store'];
export type ClusterConfig = Config['cluster'];
export type ImagesConfig = Config['images'];
export type TranslateWayName = Static<typeof TranslateWay>;
