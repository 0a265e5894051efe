import { z } from '@hono/zod-openapi';
import type { ServiceApp } from './app.js';

/** A query flag, `true` or `false` exactly (any other spelling is a 400), read as a boolean. */
export function queryFlag(description: string) {
  return flagWords()
    .optional()
    .openapi({ description, enum: ['true', 'false'] });
}

/** A query flag with its value when absent. */
export function queryFlagDefault(fallback: boolean, description: string) {
  return flagWords()
    .default(fallback)
    .openapi({ description, enum: ['true', 'false'], default: String(fallback) });
}

function flagWords() {
  return z.stringbool({ truthy: ['true'], falsy: ['false'], case: 'sensitive' });
}

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

/** Adds the `bearerAuth` scheme that `bearerSecurity` names to the app's OpenAPI components. */
export function registerBearerScheme(app: ServiceApp): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /users/login or /users/refresh',
  });
}

/** Serves the service's OpenAPI 3.1 document at /openapi.json, with the `bearerAuth` scheme. */
export function serveOpenApiDocument(app: ServiceApp, info: { title: string; description?: string }): void {
  registerBearerScheme(app);
  app.doc31('/openapi.json', { openapi: '3.1.0', info: { version: '1.0.0', ...info } });
}

/** A JSON request or response body with this schema. */
export function jsonContent<T>(schema: T) {
  return { content: { 'application/json': { schema } } } as const;
}

/** A route's required JSON request body. */
export function jsonBody<T>(schema: T) {
  return { required: true, ...jsonContent(schema) } as const;
}

/** A route's JSON response, described. */
export function jsonResponse<T>(description: string, schema: T) {
  return { description, ...jsonContent(schema) } as const;
}
