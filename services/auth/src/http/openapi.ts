import { z } from '@hono/zod-openapi';

/** RFC 9457 problem details, as every error answer carries them. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const meanings = {
  400: 'The request does not match the schema (field errors listed)',
  401: 'Missing, invalid, expired or revoked credentials',
  403: 'Signed in, but not allowed to do this',
  404: 'No such resource',
  409: 'Conflicts with the current state',
  429: 'Too many failed attempts; see Retry-After',
} as const;

/** The problem+json answers a route may give, for its OpenAPI description. */
export function problems(...statuses: Array<keyof typeof meanings>) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: meanings[status], content: { 'application/problem+json': { schema: problemSchema } } },
    ]),
  );
}

/** Declares that a route needs `Authorization: Bearer <access token>`. */
export const bearerSecurity = [{ bearerAuth: [] }];

/** A JSON request or response body with this schema. */
export function jsonContent<T>(schema: T) {
  return { content: { 'application/json': { schema } } };
}
