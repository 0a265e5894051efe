import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { useBroker } from './fixtures/demo-services.js';

const env = useTestEnvironment();
const MESSAGES = 100;

/** Counts the socket writes (write and writev calls, each a syscall) that go to the broker's port. */
function countBrokerWrites(): { count: () => number; stop: () => void } {
  const port = Number(new URL(env.amqpUrl).port || 5672);
  const write = Socket.prototype._write;
  const writev = Socket.prototype._writev;
  let writes = 0;
  const counted = (socket: Socket) => {
    if (socket.remotePort === port) writes += 1;
  };
  Socket.prototype._write = function (this: Socket, ...args: Parameters<typeof write>) {
    counted(this);
    return write.apply(this, args);
  };
  Socket.prototype._writev = function (this: Socket, ...args: Parameters<NonNullable<typeof writev>>) {
    counted(this);
    return writev?.apply(this, args);
  };
  return {
    count: () => writes,
    stop: () => {
      Socket.prototype._write = write;
      Socket.prototype._writev = writev;
    },
  };
}

describe('publishing a batch', () => {
  const broker = useBroker(env, 'publish-writes');

  it('sends the frames of messages published in one turn in a few socket writes, not one each', async () => {
    const messages = Array.from({ length: MESSAGES }, () => {
      const messageId = randomUUID();
      return {
        messageId,
        routingKey: 'nobody.listens.here',
        type: 'nobody.listens.here',
        appId: 'test',
        body: Buffer.from(JSON.stringify({ id: messageId })),
        headers: {},
      };
    });
    const writes = countBrokerWrites();
    try {
      // Unroutable with `mandatory`: each comes back as a failure, after its frames were written.
      const answers = await broker.publishEach(messages);
      expect(answers).toHaveLength(MESSAGES);
      expect(writes.count()).toBeGreaterThan(0);
      expect(writes.count()).toBeLessThanOrEqual(5);
    } finally {
      writes.stop();
    }
  });
});
