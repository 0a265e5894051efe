/** Where benchmarks find PostgreSQL and RabbitMQ (the same defaults as the services). */
export const benchConfig = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  amqpUrl: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  /** Multiplies every benchmark's workload and duration; 1 is the reported size. */
  scale: Number(process.env.BENCH_SCALE ?? 1),
  /** Handed down to the service processes a benchmark starts. */
  inheritedEnv: process.env,
  /** Extra node flags for the service processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
  /** How long the profiling aids (profile-*.ts) measure, in seconds; unset, each its own default. */
  profileSeconds: process.env.PROFILE_SECONDS ? Number(process.env.PROFILE_SECONDS) : undefined,
  /** profile-saga.ts: log every statement of the bench database (to count statements per order). */
  profileLogStatements: Boolean(process.env.PROFILE_LOG_STATEMENTS),
};

/** A duration of the reported run, shrunk by BENCH_SCALE: whole seconds, at least one. */
export function scaledSeconds(seconds: number): number {
  return Math.max(1, Math.round(seconds * benchConfig.scale));
}

/** A size of the reported run (rows, events, products), shrunk by BENCH_SCALE, at least `minimum`. */
export function scaledCount(count: number, minimum = 1): number {
  return Math.max(minimum, Math.round(count * benchConfig.scale));
}

/** bench/bare-proxy.ts, a process of its own: where it listens and the one upstream it forwards to. */
export function bareProxyConfig(): { port: number; upstreamUrl: string } {
  const { PORT, UPSTREAM_URL } = process.env;
  if (!PORT || !UPSTREAM_URL) throw new Error('bench/bare-proxy.ts needs PORT and UPSTREAM_URL');
  return { port: Number(PORT), upstreamUrl: UPSTREAM_URL };
}
