import { z } from '@hono/zod-openapi';
import { pageQueryShape } from '@shop/platform';

/** One dead letter as the admin list shows it. */
export const deadLetterSchema = z.object({
  id: z.uuid().openapi({ description: 'Unique across services: replay it by this id' }),
  service: z.string().openapi({ example: 'catalog' }),
  message_id: z.string(),
  type: z
    .string()
    .openapi({ description: 'The routing key (event type)', example: 'order.execution-requested' }),
  reason: z.string().openapi({
    description:
      'Why RabbitMQ dead-lettered it: `rejected` (invalid message), `delivery_limit` (its handler kept failing), …',
    example: 'delivery_limit',
  }),
  count: z.int().openapi({ description: "RabbitMQ's x-death count for the service's queue and this reason" }),
  dead_lettered_at: z.iso.datetime(),
  payload: z
    .unknown()
    .openapi({ description: 'The message body: its JSON, or its text when it is not JSON' }),
});

/** A page of dead letters, newest first. */
export const deadLetterPageSchema = z.object({
  items: z.array(deadLetterSchema),
  next_cursor: z
    .string()
    .nullable()
    .openapi({ description: 'Pass as `cursor` for the next page; null at the end' }),
});

/** `limit` and `cursor`, as every list takes them. */
export const deadLetterListQuery = z.object(pageQueryShape);

export const deadLetterIdParam = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, description: 'The dead letter id' }),
});

/** The answer to a replay. */
export const replayedSchema = z.object({
  id: z.uuid(),
  message_id: z.string(),
  replayed: z.literal(true),
});
