import { z } from 'zod';

/** A TCP port to listen on (0: any free one), `fallback` when unset. */
export function portSetting(fallback: number) {
  return z.coerce.number().int().min(0).max(65_535).default(fallback);
}

/** A comma-separated setting (`fallback` when unset) as its items, trimmed, the empty ones left out. */
export function commaListSetting(fallback = '') {
  return z
    .string()
    .default(fallback)
    .transform((list) =>
      list
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );
}

/** Settings every service shares; a service extends this with its own. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/shop'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  DATABASE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(60_000),
  AMQP_URL: z.url().default('amqp://guest:guest@127.0.0.1:5672'),
  AMQP_PREFIX: z
    .string()
    .regex(/^[a-z0-9_.-]*$/, 'lower-case letters, digits, "_", "." and "-" only')
    .default(''),
  AMQP_PREFETCH: z.coerce.number().int().min(1).max(1000).default(128),
  AMQP_DELIVERY_LIMIT: z.coerce.number().int().min(1).max(100).default(5),
  /** Messages a service or dead-letter queue holds at most; past it publishes are nacked (reject-publish). */
  AMQP_QUEUE_MAX_LENGTH: z.coerce.number().int().min(1).default(1_000_000),
  /** Retention of the public events' replay stream: age (x-max-age, e.g. 7D, 12h) and bytes, whichever first. */
  AMQP_STREAM_MAX_AGE: z
    .string()
    .regex(/^[1-9]\d*(Y|M|D|h|m|s)$/, 'a number and one of Y, M, D, h, m, s (e.g. 7D)')
    .default('7D'),
  AMQP_STREAM_MAX_LENGTH_BYTES: z.coerce.number().int().min(1_000_000).default(2_000_000_000),
  /** The interface HTTP listens on: 0.0.0.0 (every one, as containers need) or e.g. 127.0.0.1 (this host only). */
  HOST: z.string().min(1).default('0.0.0.0'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** Retention (see retention.ts): pause between runs, rows per delete, deletes per table and run. */
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(1_000).default(60_000),
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1_000),
  RETENTION_MAX_BATCHES_PER_RUN: z.coerce.number().int().min(1).max(1_000).default(10),
  /** Handled message ids kept for duplicate detection, counted from when they were handled. */
  INBOX_RETENTION_DAYS: z.coerce.number().int().min(1).default(14),
  /** Published outbox rows kept for inspection. */
  OUTBOX_RETENTION_HOURS: z.coerce.number().int().min(0).default(1),
  /** Stored dead letters kept for an admin to replay (capped at INBOX_RETENTION_DAYS). */
  DEAD_LETTER_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** Formats a zod failure as one line per bad variable, naming it. */
export function describeConfigError(error: z.ZodError): string {
  const lines = error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return `Invalid configuration:\n${lines.join('\n')}`;
}

/** Parses the environment once; on a bad or missing variable prints which and exits with status 1. */
export function loadConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  process.stderr.write(`${describeConfigError(result.error)}\n`);
  process.exit(1);
}
