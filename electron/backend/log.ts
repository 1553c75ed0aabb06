/**
 * Structured logging, one JSON object per line. Values under keys that can hold secrets are
 * replaced before anything is written, so a careless call cannot leak a password or a token.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie/i;
/** Provisioning URLs carry a per-phone token in their path: `/p/<token>/`. */
const TOKEN_IN_PATH = /\/p\/[A-Za-z0-9_-]{8,}\//g;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(TOKEN_IN_PATH, '/p/[token]/');
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(write: (line: string) => void, minLevel: Level = 'info'): Logger {
  const emit = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    write(JSON.stringify({ level, msg: redact(msg), ...(fields ? (redact(fields) as object) : {}), time: new Date().toISOString() }));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

export const silentLogger: Logger = createLogger(() => undefined, 'error');
