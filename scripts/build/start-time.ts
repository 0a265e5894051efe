// Start-up time of every process, from spawn to the first /readyz 200, run from TypeScript through
// tsx (as `npm start` does) and from the bundles in dist/ (as the image does). Needs `npm run build`
// and the local PostgreSQL and RabbitMQ; uses its own database, broker prefix and ports.
//   npx tsx scripts/build/start-time.ts [rounds]
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const rounds = Number(process.argv[2] ?? 3);
const database = `shop_start_time_${randomBytes(3).toString('hex')}`;
const services = [
  { name: 'auth', port: 18181 },
  { name: 'catalog', port: 18182 },
  { name: 'order', port: 18183 },
  { name: 'analytics', port: 18184 },
];
const gatewayPort = 18180;

// tsx-cold: tsx with its compile cache off, as on a fresh container or after a source change.
type Mode = 'tsx-cold' | 'tsx' | 'dist';
const modes: Mode[] = ['tsx-cold', 'tsx', 'dist'];

function argsFor(mode: Mode, app: string): string[] {
  const source = app === 'gateway' ? 'gateway/src/main.ts' : `services/${app}/src/main.ts`;
  return mode === 'dist' ? [`dist/${app}/main.js`] : ['--import', 'tsx', source];
}

function databaseUrl(): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function startTimed(mode: Mode, app: string, port: number, env: Record<string, string>) {
  const started = performance.now();
  const child = spawn(process.execPath, argsFor(mode, app), {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      ...(mode === 'tsx-cold' && { TSX_DISABLE_CACHE: '1' }),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} (${mode}) exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { child, ms: Math.round(performance.now() - started) };
    await sleep(10);
  }
}

async function stop(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))),
  );
}

async function measure(mode: Mode): Promise<Record<string, number>> {
  const env = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    DATABASE_URL: databaseUrl(),
    AMQP_URL,
    AMQP_PREFIX: `${database}.`,
    HOST: '127.0.0.1',
    INTERNAL_TOKEN: randomBytes(32).toString('hex'),
    DEV_KEY_FILE: `/tmp/${database}-key.pem`,
    AUTH_URL: `http://127.0.0.1:${services[0]?.port}`,
  };
  const times: Record<string, number> = {};
  const children: ChildProcess[] = [];
  try {
    // One after the other, each alone on the machine, against schemas the warm-up round migrated.
    for (const { name, port } of services) {
      const { child, ms } = await startTimed(mode, name, port, env);
      children.push(child);
      times[name] = ms;
    }
    const upstreams = Object.fromEntries(
      services.map(({ name, port }) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${port}`]),
    );
    const gateway = await startTimed(mode, 'gateway', gatewayPort, {
      ...env,
      ...upstreams,
      GATEWAY_PORT: String(gatewayPort),
      UPSTREAMS: services.map(({ name }) => name).join(','),
    });
    children.push(gateway.child);
    times.gateway = gateway.ms;
  } finally {
    await stop(children);
  }
  return times;
}

function medians(runs: Record<string, number>[]): Record<string, number> {
  const apps = Object.keys(runs[0] ?? {});
  return Object.fromEntries(
    apps.map((app) => {
      const sorted = runs.map((run) => run[app] ?? 0).sort((a, b) => a - b);
      return [app, sorted[Math.floor(sorted.length / 2)] ?? 0];
    }),
  );
}

const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
await admin`create database ${admin(database)}`;
try {
  await measure('dist'); // warm-up: migrations and the sample catalog's seed
  const results = new Map<Mode, Record<string, number>[]>(modes.map((mode) => [mode, []]));
  for (let round = 0; round < rounds; round++)
    for (const mode of modes) results.get(mode)?.push(await measure(mode));
  for (const [mode, runs] of results)
    console.log(`${mode.padEnd(8)} median ms ${JSON.stringify(medians(runs))}`);
} finally {
  await admin`drop database if exists ${admin(database)} with (force)`;
  await admin.end();
}
