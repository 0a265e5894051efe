import type { ConfirmChannel, Options } from 'amqplib';

/** Why a publish failed: the broker as a whole (away, blocked, no confirm) or this message (nacked, unroutable). */
export type PublishFailure = 'unavailable' | 'timeout' | 'nacked' | 'unroutable';

/** Thrown when a publish cannot be confirmed: broker away, blocked, nacked or unroutable. */
export class PublishError extends Error {
  constructor(
    message: string,
    readonly failure: PublishFailure = 'unavailable',
  ) {
    super(message);
  }

  /** True when the message itself was refused (retrying the others is fine). */
  get concernsMessage(): boolean {
    return this.failure === 'nacked' || this.failure === 'unroutable';
  }
}

/** Publishes on one confirm channel: `mandatory` and persistent, each publish settled by its confirm. */
export class ConfirmPublisher {
  /** Ids of messages the broker returned as unroutable, until their confirm arrives. */
  private readonly returned = new Set<string>();

  constructor(
    readonly channel: ConfirmChannel,
    private readonly confirmTimeoutMs: number,
  ) {
    channel.on('return', (message) => this.returned.add(String(message.properties.messageId)));
  }

  /** Resolves once the broker confirmed the message; rejects with a PublishError otherwise. */
  publish(
    exchange: string,
    routingKey: string,
    body: Buffer,
    properties: Options.Publish & { messageId: string },
  ): Promise<void> {
    return withTimeout(this.publishOne(exchange, routingKey, body, properties), this.confirmTimeoutMs);
  }

  private publishOne(
    exchange: string,
    routingKey: string,
    body: Buffer,
    properties: Options.Publish & { messageId: string },
  ): Promise<void> {
    const { messageId } = properties;
    return new Promise((resolve, reject) => {
      this.channel.publish(
        exchange,
        routingKey,
        body,
        { ...properties, mandatory: true, persistent: true },
        (error) => {
          // A basic.return arrives before the ack of the same message.
          const unroutable = this.returned.delete(messageId);
          if (error) reject(new PublishError(`broker refused message ${messageId}`, 'nacked'));
          else if (unroutable) reject(new PublishError(`no queue is bound for ${routingKey}`, 'unroutable'));
          else resolve();
        },
      );
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PublishError(`no confirm within ${ms} ms`, 'timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
