// The audit every scenario ends with: the system settles (recovery time), then no oversell, no
// lost order, no double count, and drained (outboxes empty, no dead letter but the injected ones,
// every consumer consuming, every process ready).
import { topologyNames } from '@shop/messaging';
import type { Sql } from '@shop/platform';
import { waitFor } from '@shop/testing';
import amqplib from 'amqplib';
import { expect } from 'vitest';
import type { Actor, LoadResult, StockedProduct } from './order-load.js';
import type { Stack } from './stack.js';

const SCHEMAS = ['auth', 'catalog', 'orders', 'analytics'] as const;
const CONSUMING = ['catalog', 'order', 'analytics'] as const;

export interface AuditContext {
  sql: Sql;
  stack: Stack;
  admin: Actor;
  amqpUrl: string;
  prefix: string;
}

export interface AuditOptions {
  /** When the fault ended (healed): recovery is measured from here. */
  since: number;
  products: StockedProduct[];
  load: LoadResult;
  /** Dead letters stored before the scenario plus those it injected on purpose. */
  expectedDeadLetters: number;
  timeoutMs?: number;
}

export interface AuditReport {
  recoveryMs: number | null;
  executed: number;
  rejected: number;
  deadLetters: number;
}

interface Books {
  executing: number;
  unpublished: number;
  deadLetters: number;
  queued: number;
  consumersMissing: string[];
  notReady: string[];
  executedCount: number;
  executedRevenueCents: number;
  statisticsCount: number | null;
  statisticsRevenueCents: number | null;
}

/** Waits (bounded) for the books to balance, then asserts each property with its own message. */
export async function audit(context: AuditContext, options: AuditOptions): Promise<AuditReport> {
  const { sql } = context;
  const { load, products, expectedDeadLetters, timeoutMs = 90_000 } = options;
  let recoveryMs: number | null = null;
  let books: Books;
  try {
    books = await waitFor(() => readBooks(context), {
      until: (found) => balanced(found, expectedDeadLetters),
      timeoutMs,
      intervalMs: 250,
      what: 'the books to balance',
    });
    recoveryMs = Date.now() - options.since;
  } catch {
    books = await readBooks(context);
  }

  const acceptedIds = load.accepted.map((execute) => execute.orderId);
  const statuses = await sql<{ id: number; status: string; rejected: boolean }[]>`
    select id, status, rejection is not null as rejected from orders.orders where id = any(${acceptedIds}::int[])`;
  const byId = new Map(statuses.map((row) => [row.id, row]));
  const lost = acceptedIds.filter((id) => {
    const row = byId.get(id);
    return (
      !row ||
      !(row.status === 'executed' || row.status === 'cancelled' || (row.status === 'pending' && row.rejected))
    );
  });
  expect
    .soft(
      lost.map((id) => ({ id, status: byId.get(id)?.status ?? 'missing' })),
      'no lost order: every accepted execute ends executed, pending with its rejection, or cancelled',
    )
    .toEqual([]);
  expect.soft(books.executing, 'no order stays executing').toBe(0);

  const ids = products.map((product) => product.id);
  const stock = await sql<{ id: number; quantity: number; sold: number }[]>`
    select p.id, p.quantity, coalesce((
      select sum(i.quantity) from orders.order_items i join orders.orders o on o.id = i.order_id
      where i.product_id = p.id and o.status = 'executed'), 0)::int as sold
    from catalog.products p where p.id = any(${ids}::int[])`;
  for (const product of products) {
    const row = stock.find((found) => found.id === product.id);
    expect
      .soft(
        row?.quantity,
        `no oversell: product ${product.id} stock = initial ${product.initialStock} − executed ${row?.sold}`,
      )
      .toBe(product.initialStock - (row?.sold ?? 0));
    expect
      .soft(
        (row?.quantity ?? -1) >= 0,
        `no oversell: product ${product.id} stock never negative (${row?.quantity})`,
      )
      .toBe(true);
  }
  const [reserved] = await sql<{ count: number }[]>`
    select count(*)::int as count from catalog.stock_reservations where status = 'reserved'`;
  expect
    .soft(reserved?.count, 'no double reservation: one reserved reservation per executed order')
    .toBe(books.executedCount);

  expect
    .soft(books.statisticsCount, 'no double count: /statistics/profit counts the executed orders')
    .toBe(books.executedCount);
  expect
    .soft(
      books.statisticsRevenueCents,
      'no double count: /statistics/profit revenue equals the executed orders, to the cent',
    )
    .toBe(books.executedRevenueCents);

  expect.soft(books.unpublished, 'drained: no unpublished outbox row').toBe(0);
  expect.soft(books.queued, 'drained: no message left in a service or dead-letter queue').toBe(0);
  expect.soft(books.deadLetters, 'drained: no dead letter but the injected ones').toBe(expectedDeadLetters);
  expect
    .soft(books.consumersMissing, 'drained: every consuming service has a consumer on its queue')
    .toEqual([]);
  expect.soft(books.notReady, 'every process answers /readyz').toEqual([]);
  expect.soft(recoveryMs, `recovered within ${timeoutMs} ms`).not.toBeNull();

  const [rejected] = await sql<{ count: number }[]>`
    select count(*)::int as count from orders.orders where id = any(${acceptedIds}::int[]) and status = 'pending' and rejection is not null`;
  return {
    recoveryMs,
    executed: books.executedCount,
    rejected: rejected?.count ?? 0,
    deadLetters: books.deadLetters,
  };
}

function balanced(books: Books, expectedDeadLetters: number): boolean {
  return (
    books.executing === 0 &&
    books.unpublished === 0 &&
    books.queued === 0 &&
    books.deadLetters === expectedDeadLetters &&
    books.consumersMissing.length === 0 &&
    books.notReady.length === 0 &&
    books.statisticsCount === books.executedCount &&
    books.statisticsRevenueCents === books.executedRevenueCents
  );
}

/** Dead letters stored so far across the services (a scenario's baseline). */
export async function countDeadLetters(sql: Sql): Promise<number> {
  let total = 0;
  for (const schema of SCHEMAS) {
    const [row] = await sql<
      { count: number }[]
    >`select count(*)::int as count from ${sql(`${schema}.dead_letters`)}`;
    total += row?.count ?? 0;
  }
  return total;
}

async function readBooks(context: AuditContext): Promise<Books> {
  const { sql, stack, admin } = context;
  const [executing] = await sql<
    { count: number }[]
  >`select count(*)::int as count from orders.orders where status = 'executing'`;
  let unpublished = 0;
  for (const schema of SCHEMAS) {
    const [row] = await sql<{ count: number }[]>`
      select count(*)::int as count from ${sql(`${schema}.outbox`)} where published_at is null`;
    unpublished += row?.count ?? 0;
  }
  const [executed] = await sql<{ count: number; cents: number }[]>`
    select count(*)::int as count, coalesce(sum(total * 100), 0)::bigint::int as cents from orders.orders where status = 'executed'`;
  const statistics = await admin.call('GET', '/statistics/profit').catch(() => null);
  const readiness = await Promise.all(
    stack.all().map(async (process) => [process.name, await process.isReady()] as const),
  );
  const { queued, consumersMissing } = await readQueues(context);
  return {
    executing: executing?.count ?? 0,
    unpublished,
    deadLetters: await countDeadLetters(sql),
    queued,
    consumersMissing,
    notReady: readiness.filter(([, ready]) => !ready).map(([name]) => name),
    executedCount: executed?.count ?? 0,
    executedRevenueCents: executed?.cents ?? 0,
    statisticsCount:
      statistics?.status === 200 ? (statistics.body.number_of_executed_orders as number) : null,
    statisticsRevenueCents:
      statistics?.status === 200 ? Math.round((statistics.body.total_revenue as number) * 100) : null,
  };
}

async function readQueues({
  amqpUrl,
  prefix,
}: AuditContext): Promise<{ queued: number; consumersMissing: string[] }> {
  const names = topologyNames(prefix);
  let connection: amqplib.ChannelModel | null = null;
  try {
    connection = await amqplib.connect(amqpUrl, { timeout: 2000 });
    let queued = 0;
    const consumersMissing: string[] = [];
    for (const service of CONSUMING) {
      for (const [queue, needsConsumer] of [
        [names.queue(service), true],
        [names.deadLetterQueue(service), true],
      ] as const) {
        const channel = await connection.createChannel();
        channel.on('error', () => {});
        try {
          const state = await channel.checkQueue(queue);
          queued += state.messageCount;
          if (needsConsumer && state.consumerCount === 0) consumersMissing.push(queue);
          await channel.close();
        } catch {
          consumersMissing.push(`${queue} (missing)`);
        }
      }
    }
    return { queued, consumersMissing };
  } catch (error) {
    return { queued: -1, consumersMissing: [`broker unreachable: ${error}`] };
  } finally {
    await connection?.close().catch(() => {});
  }
}
