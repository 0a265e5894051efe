// sql.begin without options (patches/postgres+3.4.9.patch): the transaction's first statement goes out
// in the same write as its BEGIN instead of waiting for BEGIN's answer, and a statement the callback
// sends without waiting for it (an outbox write) goes out with the COMMIT; should it fail, so does the
// transaction. Shown through a TCP proxy counting the client's writes, and that transactions stay
// whole and apart on a small pool shared with plain statements.
import { once } from 'node:events';
import { connect as connectTcp, createServer, type Server } from 'node:net';
import { useTestEnvironment } from '@shop/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const env = useTestEnvironment();
let sql: postgres.Sql;

beforeAll(async () => {
  sql = postgres(env.databaseUrl, { max: 2, onnotice: () => {} });
  await sql`create table written (tx text not null)`;
});

afterAll(async () => {
  await sql?.end({ timeout: 5 });
});

/**
 * A TCP proxy to the database counting what the client sends, in writes as they arrive; answers reach
 * the client a few ms late, so writes a round trip apart never arrive as one.
 */
async function countingProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const counts = { writes: 0 };
  const server: Server = createServer((client) => {
    const upstream = connectTcp(Number(target.port || 5432), target.hostname);
    client.on('data', (chunk) => {
      counts.writes++;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => setTimeout(() => client.write(chunk), 5));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => {});
    upstream.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = new URL(databaseUrl);
  url.port = String((server.address() as { port: number }).port);
  return { url: url.toString(), counts, close: () => new Promise((done) => server.close(done)) };
}

describe('sql.begin', () => {
  it('sends its first statement with BEGIN: two writes for a one-statement transaction, not three', async () => {
    const proxy = await countingProxy(env.databaseUrl);
    const viaProxy = postgres(proxy.url, { max: 1, onnotice: () => {} });
    try {
      await viaProxy`select 1`;
      const before = proxy.counts.writes;
      const [row] = await viaProxy.begin((tx) => tx`select 41 + 1 as answer`);
      expect(row).toEqual({ answer: 42 });
      expect(proxy.counts.writes - before).toBe(2);
    } finally {
      await viaProxy.end({ timeout: 5 });
      await proxy.close();
    }
  });

  it('sends a statement the callback did not wait for with the COMMIT: two writes for two statements', async () => {
    const proxy = await countingProxy(env.databaseUrl);
    const viaProxy = postgres(proxy.url, { max: 1, onnotice: () => {} });
    try {
      await viaProxy`select 1`;
      const before = proxy.counts.writes;
      await viaProxy.begin(async (tx) => {
        await tx`insert into written (tx) values ('awaited')`;
        tx`insert into written (tx) values ('sent with the commit')`.execute();
      });
      expect(proxy.counts.writes - before).toBe(2);
      expect(
        await sql`select tx from written where tx in ('awaited', 'sent with the commit') order by tx`,
      ).toEqual([{ tx: 'awaited' }, { tx: 'sent with the commit' }]);
    } finally {
      await sql`delete from written`;
      await viaProxy.end({ timeout: 5 });
      await proxy.close();
    }
  });

  it('fails with the error of a statement it did not wait for, the COMMIT behind it having rolled back', async () => {
    await expect(
      sql.begin(async (tx) => {
        await tx`insert into written (tx) values ('before the failure')`;
        tx`insert into written (tx) values (null)`.execute();
      }),
    ).rejects.toMatchObject({ code: '23502' });
    expect(await sql`select count(*)::int as n from written`).toEqual([{ n: 0 }]);
  });

  it('keeps every transaction whole and apart on a pool of two shared with plain statements', async () => {
    const transactions = Array.from({ length: 40 }, (_, i) =>
      sql
        .begin(async (tx) => {
          const [first] = await tx<{ id: string }[]>`select txid_current()::text as id`;
          await tx`insert into written (tx) values (${first?.id ?? ''})`;
          const [second] = await tx<{ id: string }[]>`select txid_current()::text as id`;
          if (i % 2 === 1) throw new Error('rolled back');
          return [first?.id, second?.id];
        })
        .catch((error: Error) => error.message),
    );
    const plain = Array.from({ length: 40 }, (_, i) => sql`select ${i}::int as i`);
    const [outcomes, answers] = await Promise.all([Promise.all(transactions), Promise.all(plain)]);

    const committed = outcomes.filter((outcome): outcome is string[] => Array.isArray(outcome));
    expect(committed).toHaveLength(20);
    for (const [first, second] of committed) expect(second).toBe(first);
    expect(outcomes.filter((outcome) => outcome === 'rolled back')).toHaveLength(20);
    const rows = await sql<{ tx: string }[]>`select tx from written order by tx`;
    expect(rows.map((row) => row.tx)).toEqual(committed.map(([first]) => first).sort());
    expect(answers.map(([row]) => row?.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('rolls back when its first statement fails, and the connection serves the next transaction', async () => {
    await expect(
      sql.begin(async (tx) => {
        await tx`insert into written (tx) values (${'never'}), (null)`;
      }),
    ).rejects.toMatchObject({ code: '23502' });
    expect(await sql`select count(*)::int as n from written where tx = 'never'`).toEqual([{ n: 0 }]);
    expect(await sql.begin((tx) => tx`select 1 as one`)).toEqual([{ one: 1 }]);
  });
});
