import { createRoute, z } from '@hono/zod-openapi';
import { INTERNAL_TOKEN_HEADER, requireInternalCredential } from '@shop/identity';
import type { ServiceApp } from '@shop/platform';
import { jsonResponse, problemResponses } from '@shop/platform';
import type { AuthDeps } from '../deps.js';
import { listRevocations } from '../sessions/list-revocations.js';

const expiresAt = z.iso.datetime({ offset: true });

const revocationsSchema = z
  .object({
    sessions: z.array(z.object({ session_id: z.uuid(), user_id: z.int(), expires_at: expiresAt })),
    users: z.array(z.object({ user_id: z.int(), expires_at: expiresAt })),
  })
  .openapi('Revocations');

const revocations = createRoute({
  method: 'get',
  path: '/internal/revocations',
  tags: ['internal'],
  summary: 'Revoked sessions and deleted users whose access tokens may still be alive (for token verifiers)',
  description:
    'Not routed by the gateway: the gateway and the services load it at start and after every reconnect, ' +
    `then follow the events. Needs the shared internal credential in the ${INTERNAL_TOKEN_HEADER} header.`,
  request: { headers: z.object({ [INTERNAL_TOKEN_HEADER]: z.string().optional() }) },
  responses: {
    200: jsonResponse('Live revocations, each until its tokens expire', revocationsSchema),
    ...problemResponses(401),
  },
});

/** GET /internal/revocations, for callers holding the internal credential only. */
export function registerInternalRoutes(app: ServiceApp, deps: AuthDeps): void {
  app.openapi({ ...revocations, middleware: requireInternalCredential(deps.internalToken) }, async (c) =>
    c.json(await listRevocations(deps.sql), 200),
  );
}
