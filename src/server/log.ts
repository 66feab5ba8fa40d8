import pino, { type Logger } from 'pino';

/** JSON lines on stdout (pino), one per request and per notable event. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'binaan' }, timestamp: pino.stdTimeFunctions.isoTime });
}
export type { Logger };
