// Publishes straight to the scenario's exchange, as a misbehaving or duplicating producer would.
import { randomUUID } from 'node:crypto';
import { topologyNames } from '@shop/messaging';
import amqplib from 'amqplib';

export interface RawMessage {
  routingKey: string;
  body: Buffer | string;
  messageId?: string;
}

/** Publishes each message with confirms to `<prefix>shop.events`. */
export async function publishRaw(amqpUrl: string, prefix: string, messages: RawMessage[]): Promise<void> {
  const connection = await amqplib.connect(amqpUrl);
  try {
    const channel = await connection.createConfirmChannel();
    const { exchange } = topologyNames(prefix);
    for (const message of messages) {
      channel.publish(exchange, message.routingKey, Buffer.from(message.body), {
        messageId: message.messageId ?? randomUUID(),
        contentType: 'application/json',
        persistent: true,
      });
    }
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}
