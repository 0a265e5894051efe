// The faults a scenario injects into the private PostgreSQL and RabbitMQ (never the shared ones).
import type postgres from 'postgres';
import { type PrivatePostgresInfo, pgCtl, startPostgresAgain } from './private-postgres.js';
import { type PrivateRabbitInfo, rabbitmqctl } from './private-rabbitmq.js';

/** Stops the broker application for `ms`, then starts it again. */
export async function stopBrokerFor(rabbit: PrivateRabbitInfo, ms: number): Promise<void> {
  await rabbitmqctl(rabbit, ['stop_app']);
  try {
    await holdFault(ms);
  } finally {
    await rabbitmqctl(rabbit, ['start_app']);
    await rabbitmqctl(rabbit, ['await_startup', '--timeout', '60']);
  }
}

/** Closes every client connection of the broker. */
export async function closeBrokerConnections(rabbit: PrivateRabbitInfo): Promise<void> {
  await rabbitmqctl(rabbit, ['close_all_connections', 'fault injected by the test']);
}

/** Raises the disk free limit past the disk (the alarm blocks publishers) or puts it back. */
export async function setDiskAlarm(rabbit: PrivateRabbitInfo, on: boolean): Promise<void> {
  await rabbitmqctl(rabbit, ['set_disk_free_limit', on ? '100000GB' : '50MB']);
}

/** Deletes a queue, consumers and messages included. */
export async function deleteQueue(rabbit: PrivateRabbitInfo, queue: string): Promise<void> {
  await rabbitmqctl(rabbit, ['delete_queue', queue]);
}

/** Restarts PostgreSQL in immediate mode (a crash: recovery on start). */
export async function restartPostgresImmediately(pg: PrivatePostgresInfo): Promise<void> {
  // Stop, then start with the log file: `pg_ctl restart` would hand the server our stdout, and the
  // command would only return once its 60 s timeout closed that pipe.
  await pgCtl(pg, ['-m', 'immediate', '-w', '-t', '60', 'stop']);
  await startPostgresAgain(pg);
}

/** Stops PostgreSQL (fast mode: sessions ended), keeps it down for `ms`, starts it again. */
export async function stopPostgresFor(pg: PrivatePostgresInfo, ms: number): Promise<void> {
  await pgCtl(pg, ['-m', 'fast', '-w', '-t', '60', 'stop']);
  try {
    await holdFault(ms);
  } finally {
    await startPostgresAgain(pg);
  }
}

/** Ends every session of `applicationName` on `database`, mid-transaction or not; how many. */
export async function terminateSessions(
  sql: postgres.Sql,
  database: string,
  applicationName: string,
): Promise<number> {
  // The sessions are chosen first (materialized): in one WHERE the planner may call
  // pg_terminate_backend before the other filters, ending every session of the server, this one too.
  const ended = await sql<{ pid: number }[]>`
    with chosen as materialized (
      select pid from pg_stat_activity
      where datname = ${database} and application_name = ${applicationName} and pid <> pg_backend_pid()
    )
    select pid from chosen where pg_terminate_backend(pid)`;
  return ended.length;
}

// The fault's own duration (the outage being simulated), not a wait for anything to settle.
function holdFault(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
