// Everything the example reads from its environment, in one place.
import { fileURLToPath } from 'node:url';

export interface ConsumerConfig {
  amqpUrl: string;
  /** Prefix of Shop's names on the broker (AMQP_PREFIX of the deployment, usually empty). */
  shopPrefix: string;
  /** This consumer's own queue; its dead-letter exchange and queue are `<queue>.dead-letter`. */
  queue: string;
  /** The append-only file this consumer keeps its effects and handled ids in. */
  storeFile: string;
  /** Where the published JSON Schemas are: the gateway's /docs/schemas/ or a folder. */
  schemas: string;
  /** Read the stream from `first` before the queue, on the first start (until done once). */
  backfill: boolean;
  /** With nothing new published, the backfill is at the stream's end once no message came for this long. */
  backfillIdleMs: number;
}

/** Reads the configuration from the environment (see README.md). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ConsumerConfig {
  const queue = env.QUEUE ?? 'revenue-example';
  return {
    amqpUrl: env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    shopPrefix: env.SHOP_AMQP_PREFIX ?? '',
    queue,
    storeFile: env.STORE_FILE ?? `${queue}.jsonl`,
    schemas: env.SCHEMAS ?? fileURLToPath(new URL('../../../docs/schemas/', import.meta.url)),
    backfill: env.BACKFILL !== 'false',
    backfillIdleMs: Number(env.BACKFILL_IDLE_MS ?? 2000),
  };
}
