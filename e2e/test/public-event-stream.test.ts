// Replay for late joiners (docs/integration.md "Replay"): the services declare the public stream at
// start with the retention of their environment; a consumer started after the orders were executed
// reads every one of them from `first` over plain AMQP 0-9-1, then keeps up with new ones live.
import { topologyNames } from '@shop/messaging';
import type { Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import amqplib, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  ordersDatabase,
  placeOrder,
  signInAdmin,
  signInCustomer,
  stockProduct,
} from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();
const EARLY_ORDERS = 1_000;
const LATE_ORDERS = 5;
const LANES = 8;

/** Places and executes `count` orders of one unit, `LANES` at a time; their ids. */
async function executeOrders(customers: Actor[], productId: number, count: number): Promise<number[]> {
  const executed: number[] = [];
  let next = 0;
  const lane = async (customer: Actor) => {
    while (next++ < count) {
      const orderId = await placeOrder(customer, productId, 1);
      const execute = await customer.call('POST', '/orders/execute', { id: orderId });
      if (execute.status !== 200) throw new Error(`order ${orderId} not executed: ${execute.status}`);
      executed.push(orderId);
    }
  };
  await Promise.all(Array.from({ length: LANES }, (_, i) => lane(customers[i % customers.length] as Actor)));
  return executed;
}

describe('the public stream, for a consumer that joins late', () => {
  let system: RunningSystem;
  let orders: Sql;
  let reader: ChannelModel | undefined;

  beforeAll(async () => {
    // The retention comes from the environment, as .env.example documents it.
    Object.assign(env.env, {
      AMQP_STREAM_MAX_AGE: '3D',
      AMQP_STREAM_MAX_LENGTH_BYTES: '500000000',
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    system = await startSystem(env);
    orders = ordersDatabase(env);
  }, 120_000);

  afterAll(async () => {
    await reader?.close();
    await orders?.end();
    await system?.stop();
  });

  it('is declared by the services with the retention of their environment', async () => {
    const connection = await amqplib.connect(env.amqpUrl);
    try {
      const channel = await connection.createChannel();
      // The broker accepts a declaration only with exactly the arguments the stream already has.
      await channel.assertQueue(topologyNames(env.prefix).publicStream, {
        durable: true,
        arguments: {
          'x-queue-type': 'stream',
          'x-max-age': '3D',
          'x-max-length-bytes': 500_000_000,
          'x-stream-max-segment-size-bytes': 100_000_000,
        },
      });
    } finally {
      await connection.close();
    }
  });

  it(`reads all ${EARLY_ORDERS} orders executed before it started from first, then the new ones live`, async () => {
    const admin = await signInAdmin(system.gatewayUrl);
    const customers = await Promise.all(Array.from({ length: 4 }, () => signInCustomer(system.gatewayUrl)));
    const product = await stockProduct(admin, orders, EARLY_ORDERS + LATE_ORDERS + 10);
    const started = Date.now();
    const early = await executeOrders(customers, product, EARLY_ORDERS);
    const executingMs = Date.now() - started;

    // Joins now: nothing of Shop's knows it, it reads the broker's stream with a prefetch.
    reader = await amqplib.connect(env.amqpUrl);
    const channel = await reader.createChannel();
    await channel.prefetch(200);
    const executedOrders = new Set<number>();
    const offsets: number[] = [];
    await channel.consume(
      topologyNames(env.prefix).publicStream,
      (delivery) => {
        if (!delivery) return;
        const envelope = JSON.parse(delivery.content.toString()) as {
          type: string;
          data: { order_id: number };
        };
        if (envelope.type === 'order.executed') executedOrders.add(envelope.data.order_id);
        offsets.push(Number(delivery.properties.headers?.['x-stream-offset']));
        channel.ack(delivery);
      },
      { noAck: false, arguments: { 'x-stream-offset': 'first' } },
    );
    const readStarted = Date.now();
    await waitFor(() => early.filter((id) => executedOrders.has(id)).length, {
      until: (seen) => seen === EARLY_ORDERS,
      timeoutMs: 30_000,
      what: `all ${EARLY_ORDERS} early orders read from the stream`,
    });
    const replayMs = Date.now() - readStarted;

    const late = await executeOrders(customers, product, LATE_ORDERS);
    await waitFor(() => late.filter((id) => executedOrders.has(id)).length, {
      until: (seen) => seen === LATE_ORDERS,
      timeoutMs: 10_000,
      what: 'the orders executed after it started, live',
    });
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    console.log(
      `public stream: ${EARLY_ORDERS} orders executed in ${executingMs} ms, replayed from first in ${replayMs} ms (${offsets.length} messages), ${LATE_ORDERS} more live`,
    );
  }, 300_000);
});
