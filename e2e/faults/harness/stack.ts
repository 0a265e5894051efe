// The system under test as real processes: auth, catalog (one or more replicas), order, analytics
// and the gateway, each from its main.ts, on free ports, against the scenario file's database and
// broker prefix on the suite's private PostgreSQL and RabbitMQ.
import { fileURLToPath } from 'node:url';
import { type TestEnvironment, waitFor } from '@shop/testing';
import { freePort } from './free-port.js';
import { ServiceProcess } from './service-process.js';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

export type ServiceName = 'auth' | 'catalog' | 'order' | 'analytics';

export interface StackOptions {
  catalogReplicas?: number;
  /**
   * Services left stopped at start (a scenario starts them itself). With auth among them the others
   * are only waited for alive: they verify tokens with its keys and load its revocations.
   */
  leaveStopped?: ServiceName[];
  env?: Record<string, string>;
}

export interface Stack {
  gateway: ServiceProcess;
  auth: ServiceProcess;
  catalogs: ServiceProcess[];
  catalog: ServiceProcess;
  order: ServiceProcess;
  analytics: ServiceProcess;
  all(): ServiceProcess[];
  stop(): Promise<void>;
}

/** Starts the stack; auth first (the others verify tokens with its keys), then the rest together. */
export async function startStack(env: TestEnvironment, options: StackOptions = {}): Promise<Stack> {
  const { catalogReplicas = 1, leaveStopped = [] } = options;
  const shared = {
    ...env.env,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    EXECUTE_WAIT_MS: '3000',
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...options.env,
  };
  const auth = new ServiceProcess('auth', root('services/auth/src/main.ts'), await freePort(), {
    ...shared,
    DEV_KEY_FILE: `${process.env.TMPDIR ?? '/tmp'}/shop-faults-auth-${env.prefix}pem`,
  });
  const behindAuth = { ...shared, AUTH_URL: auth.origin };
  const catalogs: ServiceProcess[] = [];
  for (let i = 0; i < catalogReplicas; i++) {
    catalogs.push(
      new ServiceProcess(`catalog${i}`, root('services/catalog/src/main.ts'), await freePort(), {
        ...behindAuth,
        SEED_SAMPLE_CATALOG: 'false',
      }),
    );
  }
  const order = new ServiceProcess('order', root('services/order/src/main.ts'), await freePort(), behindAuth);
  const analytics = new ServiceProcess(
    'analytics',
    root('services/analytics/src/main.ts'),
    await freePort(),
    behindAuth,
  );
  const gatewayPort = await freePort();
  const gateway = new ServiceProcess('gateway', root('gateway/src/main.ts'), gatewayPort, {
    ...behindAuth,
    CATALOG_URL: catalogs.map((catalog) => catalog.origin).join(','),
    ORDER_URL: order.origin,
    ANALYTICS_URL: analytics.origin,
    UPSTREAMS: 'auth,catalog,order,analytics',
    RATE_LIMIT_PER_MINUTE: '100000000',
    GATEWAY_PORT: String(gatewayPort),
  });
  const stack: Stack = {
    gateway,
    auth,
    catalogs,
    catalog: catalogs[0] as ServiceProcess,
    order,
    analytics,
    all: () => [auth, ...catalogs, order, analytics, gateway],
    async stop() {
      for (const process of [gateway, analytics, order, ...catalogs, auth]) await process.stop('SIGTERM');
    },
  };
  try {
    const stopped = new Set<string>(leaveStopped);
    if (!stopped.has('auth')) await auth.start();
    const others = [
      ...(stopped.has('catalog') ? [] : catalogs),
      ...(stopped.has('order') ? [] : [order]),
      ...(stopped.has('analytics') ? [] : [analytics]),
    ];
    await Promise.all(others.map((service) => service.start({ ready: !stopped.has('auth') })));
    // The gateway's /readyz asks its upstreams; with some left stopped it is only waited for alive.
    await gateway.start({ ready: leaveStopped.length === 0 });
    if (leaveStopped.length > 0) await gatewayListening(gateway);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

async function gatewayListening(gateway: ServiceProcess): Promise<void> {
  await waitFor(
    () =>
      fetch(`${gateway.origin}/healthz`).then(
        (response) => response.ok,
        () => false,
      ),
    { timeoutMs: 60_000, intervalMs: 100, what: 'the gateway listening' },
  );
}
