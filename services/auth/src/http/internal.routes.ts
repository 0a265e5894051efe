import { createRoute, z } from '@hono/zod-openapi';
import type { ServiceApp } from '@shop/platform';
import { jsonContent } from '@shop/platform';
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
  summary: 'Revoked sessions and deleted users whose access tokens may still be alive (for gateways)',
  description: 'Not routed by the gateway: gateways load it at start and then follow the events.',
  responses: {
    200: { description: 'Live revocations, each until its tokens expire', ...jsonContent(revocationsSchema) },
  },
});

/** GET /internal/revocations. */
export function registerInternalRoutes(app: ServiceApp, deps: AuthDeps): void {
  app.openapi(revocations, async (c) => c.json(await listRevocations(deps.sql), 200));
}
