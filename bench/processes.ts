import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchConfig } from './config.js';

/** A service started from its main.ts for a benchmark, in its own process like in production. */
export interface BenchProcess {
  origin: string;
  /** Peak resident memory of the process so far (VmHWM), in MiB. */
  peakRssMiB(): Promise<number>;
  /** CPU time the process has used so far (user + system), in seconds. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `entry` with `env`, waits until `origin`/readyz answers 200. */
export async function startProcess(
  entry: string,
  origin: string,
  env: Record<string, string>,
): Promise<BenchProcess> {
  const child: ChildProcess = spawn(process.execPath, [...benchConfig.nodeArgs, '--import', 'tsx', entry], {
    env: { ...benchConfig.inheritedEnv, ...env, LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${origin}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) {
      return {
        origin,
        peakRssMiB: async () => {
          const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
          return Math.round(Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024);
        },
        cpuSeconds: () => processCpuSeconds(child.pid as number),
        stop: () =>
          new Promise((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`${entry} was not ready at ${origin} within 60 s`);
}

// /proc/<pid>/stat counts in clock ticks, 100 per second on Linux.
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process, from /proc/<pid>/stat. */
export async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** User + system CPU seconds of this process (a bench's own load generator or messaging loop). */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** User + system CPU seconds of every live process whose command line matches `pattern`. */
export async function cpuSecondsOfMatching(pattern: RegExp): Promise<number> {
  let total = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (!pattern.test(cmdline.replaceAll('\0', ' '))) continue;
    total += await processCpuSeconds(Number(entry)).catch(() => 0);
  }
  return total;
}

/** PostgreSQL's share for one database: its backends, and the WAL writer, checkpointer and background writer. */
export function postgresProcesses(database: string): RegExp {
  return new RegExp(`^postgres: (\\S+: )?(\\S+ ${database} |(walwriter|checkpointer|background writer) ?$)`);
}

/** The local RabbitMQ node's Erlang VM (not the fault suite's private node). */
export const rabbitmqProcess = /beam\.smp(?!.*shopfault)/;
