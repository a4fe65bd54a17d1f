export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, data?: unknown): void;
  info(msg: string, data?: unknown): void;
  warn(msg: string, data?: unknown): void;
  error(msg: string, data?: unknown): void;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Logs to stderr so that stdout stays free for the timeline and JSON events. */
export function stderrLogger(level: LogLevel = 'warn', scope = 'beckon'): Logger {
  const write = (l: LogLevel) => (msg: string, data?: unknown) => {
    if (ORDER[l] < ORDER[level]) return;
    const extra = data === undefined ? '' : ` ${data instanceof Error ? data.message : JSON.stringify(data)}`;
    process.stderr.write(`[${scope}] ${l}: ${msg}${extra}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The level chosen for the whole process (worker processes read it too): BECKON_LOG=debug|info|warn|error. */
export function processLogLevel(fallback: LogLevel = 'warn'): LogLevel {
  const level = process.env.BECKON_LOG;
  return level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? level : fallback;
}
