import { z } from '@hono/zod-openapi';

/** Ids (and stock quantities) are PostgreSQL integers: at most 2^31 - 1. */
export const INT4_MAX = 2_147_483_647;

/** A row id in a body, a cursor or an event: a positive int4. */
export const idSchema = z.int().positive().max(INT4_MAX);

/** The `{id}` of a path such as `/products/{id}`: a positive int4, read from its text. */
export const idPathParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(INT4_MAX)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
