import { z } from '@hono/zod-openapi';

/** RFC 9457 problem details, as every error answer carries them (the OpenAPI `Problem`). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problemMeanings = {
  400: 'The request does not match the schema (field errors listed)',
  401: 'Missing, invalid, expired or revoked credentials',
  403: 'Signed in, but not allowed to do this',
  404: 'No such resource',
  409: 'Conflicts with the current state',
  413: 'The body is larger than allowed',
  422: 'Well-formed, but cannot be processed',
  429: 'Too many requests; see Retry-After',
  503: 'A dependency is unavailable',
} as const;

/** The problem+json answers a route may give, for its OpenAPI description. */
export function problemResponses(...statuses: Array<keyof typeof problemMeanings>) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: problemMeanings[status],
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    ]),
  );
}

/** Declares that a route needs `Authorization: Bearer <access token>` (scheme `bearerAuth`). */
export const bearerSecurity = [{ bearerAuth: [] }];

/** A JSON request or response body with this schema. */
export function jsonContent<T>(schema: T) {
  return { content: { 'application/json': { schema } } };
}
