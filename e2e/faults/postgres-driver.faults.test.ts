// The driver under a dropped session (patches/postgres+3.4.9.patch): postgres.js 3.4.9 lets a
// transaction keep writing to its connection after the socket closed — the statement after the drop
// and the rollback sql.begin issues itself. That write threw from a setImmediate ("Cannot read
// properties of null (reading 'write')" in nextWrite) and killed the process, or hung, or, once the
// pool had reconnected, ran on the new session outside the transaction. Each must now be a
// catchable CONNECTION_CLOSED (a hang fails on the 30 s timeout). And a connection reset (an 'error'
// before its 'close') must not leave the rollback sent in between queued: it took the replies of the
// next session's statements, and a statement with parameters then waited forever for its describe.
// No stack needed: pools against the suite's database (one through a proxy that can reset them).
import { once } from 'node:events';
import { connect as connectTcp, createServer, type Server, type Socket } from 'node:net';
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

/** A TCP proxy to the database whose client connections a test can reset (RST, not FIN). */
async function resettingProxy(
  databaseUrl: string,
): Promise<{ url: string; reset(): void; close(): Promise<void> }> {
  const target = new URL(databaseUrl);
  const clients = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connectTcp(Number(target.port || 5432), target.hostname);
    clients.add(client);
    client.on('close', () => {
      clients.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    client.on('error', () => {});
    upstream.on('error', () => {});
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const proxied = new URL(databaseUrl);
  proxied.port = String((server.address() as { port: number }).port);
  return {
    url: proxied.toString(),
    reset: () => {
      for (const client of clients) client.resetAndDestroy();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('a transaction whose connection is reset (an error before the close)', () => {
  it('leaves nothing queued for the next session: a later statement with parameters is answered, ten times running', async () => {
    const proxy = await resettingProxy(env.databaseUrl);
    const viaProxy = postgres(proxy.url, { max: 1, onnotice: () => {} });
    try {
      for (let round = 0; round < 10; round++) {
        const ended = await viaProxy
          .begin(async (tx) => {
            const running = tx`select pg_sleep(0.5)`;
            setTimeout(proxy.reset, 100);
            await running;
          })
          .then(
            () => 'committed',
            (error: { code?: string }) => error.code,
          );
        expect(['CONNECTION_CLOSED', 'ECONNRESET']).toContain(ended);
        const answered = await Promise.race([
          viaProxy.begin((tx) => tx`select ${round}::int as round`),
          new Promise((resolve) => setTimeout(() => resolve('no answer within 5 s'), 5_000)),
        ]);
        expect(answered).toEqual([{ round }]);
      }
    } finally {
      await viaProxy.end({ timeout: 1 });
      await proxy.close();
    }
  }, 90_000);
});

/**
 * A TCP proxy to the database whose first session dies in its start-up: when the driver sends its
 * array-types query (what every new connection asks first), the proxy answers as PostgreSQL does to
 * pg_terminate_backend — a FATAL 57P01 — and closes. Later sessions pass through.
 */
async function dyingInStartUpProxy(databaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(databaseUrl);
  let killed = false;
  const server: Server = createServer((client) => {
    const upstream = connectTcp(Number(target.port || 5432), target.hostname);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => {});
    upstream.on('error', () => {});
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      if (killed || !chunk.includes('typarray')) return upstream.write(chunk);
      killed = true;
      upstream.destroy();
      client.end(fatalAdminShutdown());
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const proxied = new URL(databaseUrl);
  proxied.port = String((server.address() as { port: number }).port);
  return { url: proxied.toString(), close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The ErrorResponse a terminated backend sends before it closes. */
function fatalAdminShutdown(): Buffer {
  const fields = Buffer.from(
    'SFATAL\0VFATAL\0C57P01\0Mterminating connection due to administrator command\0\0',
  );
  const head = Buffer.alloc(5);
  head.write('E');
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

describe('a new connection whose session ends during its start-up (the types fetch)', () => {
  it('starts over: the first statement is answered by the next session, and nothing is left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const proxy = await dyingInStartUpProxy(env.databaseUrl);
    const viaProxy = postgres(proxy.url, { max: 1, onnotice: () => {} });
    try {
      const answered = await Promise.race([
        viaProxy`select ${7}::int as seven`,
        new Promise((resolve) => setTimeout(() => resolve('no answer within 5 s'), 5_000)),
      ]);
      expect(answered).toEqual([{ seven: 7 }]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await viaProxy.end({ timeout: 1 });
      await proxy.close();
    }
  }, 30_000);
});
