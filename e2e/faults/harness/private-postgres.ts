// A PostgreSQL cluster of the fault suite's own (initdb under a temp dir, a free port, 127.0.0.1
// only), so a scenario may stop, restart or refuse it without touching the shared one on :5432.
import { chown, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './run-command.js';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Where the private cluster lives; plain data, so test files can control it too. */
export interface PrivatePostgresInfo {
  dataDir: string;
  port: number;
  /** The OS user running the cluster (initdb refuses root). */
  runAs: string | null;
  url: string;
  /** The server options and log file, for starting it again after a stop. */
  options: string;
  logFile: string;
}

/** Runs pg_ctl (as the cluster's user) on the private cluster. */
export function pgCtl(info: PrivatePostgresInfo, args: string[]): Promise<string> {
  const command = [join(BIN, 'pg_ctl'), '-D', info.dataDir, ...args];
  return info.runAs
    ? runCommand('runuser', ['-u', info.runAs, '--', ...command])
    : runCommand(command[0] as string, command.slice(1));
}

/** Initialises and starts a cluster in `baseDir` on `port`; resolves once it accepts connections. */
export async function startPrivatePostgres(baseDir: string, port: number): Promise<PrivatePostgresInfo> {
  const runAs = process.getuid?.() === 0 ? 'postgres' : null;
  const dir = join(baseDir, 'postgres');
  await mkdir(dir, { recursive: true });
  if (runAs) {
    const { uid, gid } = await userIds(runAs);
    await chown(baseDir, uid, gid);
    await chown(dir, uid, gid);
  }
  // Durable as in production (fsync on): the suite proves nothing is lost, so it must not buy speed with durability.
  const info: PrivatePostgresInfo = {
    dataDir: join(dir, 'data'),
    port,
    runAs,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    options: `-p ${port} -h 127.0.0.1 -k ${dir} -c max_connections=200`,
    logFile: join(dir, 'server.log'),
  };
  const initdb = [
    join(BIN, 'initdb'),
    '-D',
    info.dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ];
  if (runAs) await runCommand('runuser', ['-u', runAs, '--', ...initdb]);
  else await runCommand(initdb[0] as string, initdb.slice(1));
  await startPostgresAgain(info);
  return info;
}

/** Starts the (stopped) cluster with its options; resolves once it accepts connections. */
export async function startPostgresAgain(info: PrivatePostgresInfo): Promise<void> {
  await pgCtl(info, ['-o', info.options, '-l', info.logFile, '-w', '-t', '60', 'start']);
}

/** Stops the cluster at once (tear-down). */
export async function stopPrivatePostgres(info: PrivatePostgresInfo): Promise<void> {
  await pgCtl(info, ['-m', 'immediate', '-w', 'stop']).catch(() => {});
}

async function userIds(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([runCommand('id', ['-u', user]), runCommand('id', ['-g', user])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
