// `npm start`: creates the database if missing, starts every process of the system, waits until
// each answers /readyz, prints where to go, restarts a process that exits on its own (with backoff),
// and stops them all cleanly on Ctrl-C.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { bootstrapServiceRoles } from '@shop/platform';
import { launcherConfig as config, inheritedEnv } from './config.js';
import { serviceRoles } from './database/service-roles.js';
import { type ServiceEntry, serviceEntries } from './services.js';

const children = new Map<string, ChildProcess>();
const restartTimers = new Map<string, NodeJS.Timeout>();
/** Restarts in a row of each process, reset once a run of it lasted STABLE_RUN_MS. */
const restartsInARow = new Map<string, number>();
const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;
const STABLE_RUN_MS = 60_000;
// The processes' shared secret for internal routes: the one configured, else a fresh one per run.
const internalToken = inheritedEnv.INTERNAL_TOKEN || randomBytes(32).toString('hex');
let stopping = false;

function startProcess(service: ServiceEntry): void {
  const child = spawn(process.execPath, ['--import', 'tsx', service.entry], {
    env: {
      ...inheritedEnv,
      INTERNAL_TOKEN: internalToken,
      PORT: String(service.port),
      // Children write to a pipe; they should still look like the launcher's own terminal (or lack of one).
      LOG_FORMAT: config.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
      ...service.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream)
      createInterface({ input: stream }).on('line', (line) =>
        console.log(`${service.name.padEnd(9)}│ ${line}`),
      );
  }
  const startedAt = Date.now();
  child.on('exit', (code, signal) => {
    children.delete(service.name);
    if (!stopping) scheduleRestart(service, `${signal ?? code}`, Date.now() - startedAt);
  });
  children.set(service.name, child);
}

/** A process that exits unless we stop it (a crash, the fatal-error policy) is started again, with backoff. */
function scheduleRestart(service: ServiceEntry, how: string, ranMs: number): void {
  const inARow = ranMs >= STABLE_RUN_MS ? 0 : (restartsInARow.get(service.name) ?? 0);
  restartsInARow.set(service.name, inARow + 1);
  const delayMs = Math.min(FIRST_RESTART_DELAY_MS * 2 ** inARow, MAX_RESTART_DELAY_MS);
  console.error(
    `${service.name} exited unexpectedly (${how}) after ${ranMs} ms; restarting it in ${delayMs} ms (restart ${inARow + 1} in a row)`,
  );
  restartTimers.set(
    service.name,
    setTimeout(() => {
      restartTimers.delete(service.name);
      if (!stopping) startProcess(service);
    }, delayMs),
  );
}

async function waitUntilReady(service: ServiceEntry): Promise<void> {
  const deadline = Date.now() + config.READY_TIMEOUT_MS;
  while (Date.now() < deadline && !stopping) {
    const ready = await fetch(`http://127.0.0.1:${service.port}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await sleep(250);
  }
  throw new Error(`${service.name} was not ready within ${config.READY_TIMEOUT_MS} ms`);
}

async function stopAll(exitCode: number): Promise<void> {
  stopping = true;
  for (const timer of restartTimers.values()) clearTimeout(timer);
  const exits = [...children.values()].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children.values()) child.kill('SIGTERM');
  await Promise.all(exits);
  process.exit(exitCode);
}

// The database and each service's own role (owning only its schema), with the launcher's admin URL.
await bootstrapServiceRoles(config.DATABASE_URL, serviceRoles(config));
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));
for (const service of serviceEntries) startProcess(service);
try {
  await Promise.all(serviceEntries.map(waitUntilReady));
} catch (error) {
  console.error((error as Error).message);
  await stopAll(1);
}
printBanner();

function printBanner(): void {
  const front = serviceEntries.find((service) => service.public);
  const lines = ['', 'Shop is up.'];
  if (front) {
    const base = `http://localhost:${front.port}`;
    lines.push(
      `  API            ${base}`,
      `  API reference  ${base}/docs`,
      `  OpenAPI        ${base}/openapi.json`,
    );
  }
  for (const service of serviceEntries.filter((entry) => !entry.public))
    lines.push(`  ${service.name.padEnd(14)} http://localhost:${service.port}  (/readyz, /metrics)`);
  lines.push('Ctrl-C stops everything.', '');
  console.log(lines.join('\n'));
}
