/** Where benchmarks find PostgreSQL and RabbitMQ (the same defaults as the services). */
export const benchConfig = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  amqpUrl: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  /** Multiplies every benchmark's workload; 1 is the reported size. */
  scale: Number(process.env.BENCH_SCALE ?? 1),
  /** Handed down to the service processes a benchmark starts. */
  inheritedEnv: process.env,
  /** Extra node flags for the service processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
};
