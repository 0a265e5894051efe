import type { ServiceName } from '@shop/contracts';
import { NotFoundError, ServiceUnavailableError, type Sql } from '@shop/platform';
import { type Broker, PublishError } from '../broker.js';
import { type StoredDeadLetter, takeDeadLetter } from './dead-letters.repository.js';

/**
 * Sends a stored dead letter back to the service's own queue as it first came (same message id,
 * properties, headers and body; its type as the `type` property) and deletes its row, committing only after the broker confirmed.
 * A crash in between may replay it twice: the consumer's inbox keeps it handled once.
 */
export async function replayDeadLetter(
  sql: Sql,
  broker: Broker,
  service: ServiceName,
  id: string,
): Promise<StoredDeadLetter> {
  return sql.begin(async function replayInTransaction(tx) {
    const letter = await takeDeadLetter(tx, id);
    if (!letter) throw new NotFoundError(`No dead letter ${id} in the ${service} service`);
    try {
      await broker.publishToQueue(broker.names.queue(service), {
        messageId: letter.message_id,
        body: letter.body,
        headers: letter.headers,
        // The type travels as a property: the routing key is now the queue's name.
        properties: { ...letter.properties, type: letter.type },
      });
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      throw new ServiceUnavailableError(`The broker did not take the replay of ${id}: ${error.message}`);
    }
    return letter;
  }) as Promise<StoredDeadLetter>;
}
