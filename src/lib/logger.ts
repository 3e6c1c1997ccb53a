/**
 * The logger type every module takes: pino JSON lines in production, pretty one-line coloured logs on
 * a terminal, a silent one in tests. No secret reaches a line: known secret fields are censored
 * wherever they sit, and anything shaped like a Discord user token is masked in the final text.
 */
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

/** auto: pretty when stdout is a terminal, JSON otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

const CENSOR = '***';

/** Field names that hold a credential in our objects, requests and configuration. */
const SECRET_FIELDS = [
  'userToken', 'token', 'authorization', 'apiSecret', 'adminSecret', 'appSecret', 'authKey', 'apiKey', 'password',
  'cookie', 'mj-api-secret',
];
/** Objects are censored this many levels deep (pino's redaction needs the paths spelled out). */
const REDACT_DEPTH = 4;

const accessor = (field: string): string => (/^[A-Za-z_$][\w$]*$/.test(field) ? `.${field}` : `["${field}"]`);

/** `token`, `*.token`, `*.*.token`, ... and `accounts[*].userToken` for account lists. */
function redactPaths(): string[] {
  const paths = ['accounts[*].userToken', '*.accounts[*].userToken'];
  for (let depth = 0; depth < REDACT_DEPTH; depth++) {
    const parents = new Array<string>(depth).fill('*').join('.');
    for (const field of SECRET_FIELDS) paths.push((parents + accessor(field)).replace(/^\./, ''));
  }
  return paths;
}

/**
 * A user token is `base64(user id).<6>.<27+>` (older ones `mfa.<84>`): masked even inside free text,
 * such as an error message that quotes a request.
 */
const TOKEN_SHAPE = /\b(?:[A-Za-z0-9_-]{18,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}|mfa\.[A-Za-z0-9_-]{20,})\b/g;

export const maskTokens = (text: string): string => text.replace(TOKEN_SHAPE, CENSOR);

// pino-pretty (with its own streams and colours) is loaded the first time pretty output is asked for:
// a service logging JSON never carries it. Synchronously, as creating a logger is.
const requirePackage = createRequire(import.meta.url);
const loadPretty = (): typeof PinoPretty => requirePackage('pino-pretty') as typeof PinoPretty;

const PRETTY_OPTIONS = {
  singleLine: true,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname',
  sync: true,
};

/**
 * @param destination where lines go (stdout when absent); pretty output is written to it as text
 * @param isTerminal whether `auto` means pretty (stdout's TTY flag when absent)
 */
export function createLogger(
  level = 'info',
  format: LogFormat = 'json',
  destination?: DestinationStream,
  isTerminal = process.stdout.isTTY === true,
): Logger {
  const pretty = format === 'pretty' || (format === 'auto' && isTerminal);
  const options = {
    level,
    // An error's `type` is its `name` (our classes set it), not its constructor's: the built service's are minified.
    // Many lines log only the message (`err: error.message`): anything but an Error goes out as it is.
    serializers: { err: (error: unknown) => (error instanceof Error ? { ...pino.stdSerializers.err(error), type: error.name } : error) },
    redact: { paths: redactPaths(), censor: CENSOR },
    hooks: { streamWrite: maskTokens },
  };
  if (!pretty) return destination ? pino(options, destination) : pino(options);
  const prettyStream = loadPretty()({
    ...PRETTY_OPTIONS,
    colorize: destination === undefined && isTerminal,
    ...(destination ? { destination } : {}),
  });
  return pino(options, prettyStream);
}

export const silentLogger: Logger = pino({ level: 'silent' });
