// The driver under a dropped session (patches/postgres+3.4.9.patch): postgres.js 3.4.9 lets a
// transaction keep writing to its connection after the socket closed — the statement after the drop
// and the rollback sql.begin issues itself. That write threw from a setImmediate ("Cannot read
// properties of null (reading 'write')" in nextWrite) and killed the process, or hung, or, once the
// pool had reconnected, ran on the new session outside the transaction. Each must now be a
// catchable CONNECTION_CLOSED (a hang fails on the 30 s timeout). No stack needed: one connection pool against the suite's database.
import { useTestEnvironment } from '@shop/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const env = useTestEnvironment();
let sql: postgres.Sql;
let admin: postgres.Sql;

beforeAll(async () => {
  sql = postgres(env.databaseUrl, { max: 2, onnotice: () => {} });
  admin = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
  await sql`create table written (id int)`;
});

afterAll(async () => {
  await sql?.end({ timeout: 5 });
  await admin?.end({ timeout: 5 });
});

/**
 * Runs `afterDrop` inside a transaction whose session an admin has just terminated; resolves with how
 * sql.begin ended (it ends on the close) and how `afterDrop` ended (awaited too: it runs on after that).
 */
async function transactionOutlivingItsSession(afterDrop: (tx: postgres.TransactionSql) => Promise<unknown>) {
  let statement: Promise<string | undefined> = Promise.resolve('not reached');
  const outcome = await sql
    .begin(async (tx) => {
      const [session] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await admin`select pg_terminate_backend(${session?.pid ?? 0})`;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const sent = afterDrop(tx);
      statement = sent.then(
        () => 'done',
        (error: { code?: string }) => error.code,
      );
      await sent;
    })
    .then(
      () => 'committed',
      (error: { code?: string }) => error.code,
    );
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { outcome, statementError: await statement };
}

describe('a transaction whose session is terminated under it', () => {
  it('rejects its next statement with CONNECTION_CLOSED (and its own rollback does not crash), ten times running', async () => {
    for (let round = 0; round < 10; round++) {
      const result = await transactionOutlivingItsSession((tx) => tx`select 1`);
      expect(result).toEqual({ outcome: 'CONNECTION_CLOSED', statementError: 'CONNECTION_CLOSED' });
      // The pool still serves.
      expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
    }
  }, 30_000);

  it('never runs its later statements on the reconnected session, outside the transaction', async () => {
    for (let round = 0; round < 10; round++) {
      const result = await transactionOutlivingItsSession(async (tx) => {
        // Other work makes the pool reconnect the dropped connection before the statement is sent.
        await Promise.all([sql`select pg_sleep(0.02)`, sql`select pg_sleep(0.02)`, sql`select 1`]);
        await tx`insert into written values (${round})`;
      });
      expect(result.outcome).toBe('CONNECTION_CLOSED');
    }
    expect(await sql`select count(*)::int as n from written`).toEqual([{ n: 0 }]);
  }, 30_000);

  it('a reserved connection refuses statements once its socket closed', async () => {
    const reserved = await sql.reserve();
    const [session] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`;
    await admin`select pg_terminate_backend(${session?.pid ?? 0})`;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(reserved`select 1`).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    reserved.release();
    expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
  }, 30_000);
});
