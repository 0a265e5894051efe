// The whole system as local processes, each service with as many replicas as asked, every gateway
// balancing over all of them: what `docker compose up --scale …` runs, without Docker.
import type { BenchProcess } from './processes.js';
import { cpuSecondsOfMatching, postgresProcesses, rabbitmqProcess, startProcess } from './processes.js';

export interface StackShape {
  catalog: number;
  order: number;
  analytics: number;
  gateway: number;
}

/** Extra environment per service (e.g. catalog's IMPORT_MAX_BYTES), over the stack's own. */
export type StackEnv = Partial<
  Record<'auth' | 'catalog' | 'order' | 'analytics' | 'gateway', Record<string, string>>
>;

export interface RunningStack {
  gateways: BenchProcess[];
  /** Every replica of a service, in start order. */
  replicas: Record<'auth' | 'catalog' | 'order' | 'analytics', BenchProcess[]>;
  stop(): Promise<void>;
}

const origin = (port: number) => `http://127.0.0.1:${port}`;

/** Starts auth once, then the replicas of each service on consecutive ports from `firstPort`, then the gateways. */
export async function startStack(
  databaseUrl: string,
  prefix: string,
  shape: StackShape,
  firstPort: number,
  env: StackEnv = {},
): Promise<RunningStack> {
  const shared = { DATABASE_URL: databaseUrl, AMQP_PREFIX: prefix, NODE_ENV: 'development' };
  let nextPort = firstPort;
  const started: BenchProcess[] = [];
  const start = async (entry: string, env: Record<string, string>, portVariable = 'PORT') => {
    const port = nextPort++;
    const process = await startProcess(entry, origin(port), {
      ...shared,
      ...env,
      [portVariable]: String(port),
    });
    started.push(process);
    return process;
  };
  const replicasOf = async (count: number, entry: string, env: Record<string, string>) => {
    const processes: BenchProcess[] = [];
    for (let i = 0; i < count; i++) processes.push(await start(entry, env));
    return processes;
  };
  try {
    const auth = await start('services/auth/src/main.ts', {
      REGISTRATION_PER_IP_PER_HOUR: '100000',
      ...env.auth,
    });
    const behindAuth = { AUTH_URL: auth.origin };
    const catalog = await replicasOf(shape.catalog, 'services/catalog/src/main.ts', {
      ...behindAuth,
      SEED_SAMPLE_CATALOG: 'false',
      ...env.catalog,
    });
    const order = await replicasOf(shape.order, 'services/order/src/main.ts', {
      ...behindAuth,
      ...env.order,
    });
    const analytics = await replicasOf(shape.analytics, 'services/analytics/src/main.ts', {
      ...behindAuth,
      ...env.analytics,
    });
    const urls = (processes: BenchProcess[]) => processes.map((p) => p.origin).join(',');
    const upstreams = ['auth', 'catalog', 'order', ...(analytics.length > 0 ? ['analytics'] : [])];
    const gatewayEnv = {
      ...behindAuth,
      CATALOG_URL: urls(catalog),
      ORDER_URL: urls(order),
      ...(analytics.length > 0 ? { ANALYTICS_URL: urls(analytics) } : {}),
      UPSTREAMS: upstreams.join(','),
      RATE_LIMIT_PER_MINUTE: '100000000',
      ...env.gateway,
    };
    const gateways: BenchProcess[] = [];
    for (let i = 0; i < shape.gateway; i++)
      gateways.push(await start('gateway/src/main.ts', gatewayEnv, 'GATEWAY_PORT'));
    return {
      gateways,
      replicas: { auth: [auth], catalog, order, analytics },
      stop: () => stopAll(started),
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

async function stopAll(processes: BenchProcess[]): Promise<void> {
  for (const process of [...processes].reverse()) await process.stop();
}

/** CPU seconds used so far by each part of a stack: its processes by service, PostgreSQL (for this database) and RabbitMQ. */
export async function cpuSecondsByPart(
  stack: RunningStack,
  databaseUrl: string,
): Promise<Record<string, number>> {
  const sum = async (processes: BenchProcess[]) =>
    (await Promise.all(processes.map((p) => p.cpuSeconds()))).reduce((a, b) => a + b, 0);
  const totals: Record<string, number> = { gateway: await sum(stack.gateways) };
  for (const [name, replicas] of Object.entries(stack.replicas)) totals[name] = await sum(replicas);
  totals.postgresql = await cpuSecondsOfMatching(postgresProcesses(new URL(databaseUrl).pathname.slice(1)));
  totals.rabbitmq = await cpuSecondsOfMatching(rabbitmqProcess);
  return totals;
}

/** CPU milliseconds per unit of work of each part, between two cpuSecondsByPart readings. */
export function cpuMsPer(units: number, before: Record<string, number>, after: Record<string, number>) {
  return Object.fromEntries(
    Object.entries(after).map(([name, seconds]) => [
      name,
      Math.round((((seconds - (before[name] ?? 0)) * 1000) / units) * 100) / 100,
    ]),
  );
}
