/** The logger type every module takes: pino in production, a silent one in tests. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    // A Discord user token must never reach a log line, whatever object it rides in.
    redact: { paths: ['*.userToken', '*.token', '*.authorization', 'userToken', 'token'], censor: '***' },
  });
}

export const silentLogger: Logger = pino({ level: 'silent' });
