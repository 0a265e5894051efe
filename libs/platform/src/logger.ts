import { trace } from '@opentelemetry/api';
import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level: string;
  /** 'pretty' for humans at a terminal; JSON otherwise. */
  format?: 'json' | 'pretty' | undefined;
}

/** A pino logger that stamps every line with the service name and the active trace id. */
export function createLogger({ service, level, format }: LoggerOptions): Logger {
  const pretty = format ? format === 'pretty' : process.stdout.isTTY === true;
  return pino({
    level,
    base: { service },
    mixin: activeTraceFields,
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, singleLine: true, ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
}

function activeTraceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
