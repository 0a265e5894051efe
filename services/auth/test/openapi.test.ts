import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { useTestAuthService } from './fixtures/auth-service.js';

const env = useTestEnvironment();

const auth = useTestAuthService(env);

type OpenApi = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
  components: { securitySchemes: Record<string, unknown> };
};

describe('GET /openapi.json', () => {
  it('describes every route as OpenAPI 3.1 with the bearer scheme on the signed-in ones', async () => {
    const response = await auth.client().get<OpenApi>('/openapi.json');

    expect(response.status).toBe(200);
    const doc = response.body;
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'DELETE /users/delete',
        'GET /.well-known/jwks.json',
        'GET /internal/revocations',
        'GET /users',
        'GET /users/me',
        'POST /users/add',
        'POST /users/login',
        'POST /users/logout',
        'POST /users/refresh',
        'PUT /users/role',
        'PUT /users/update',
      ].sort(),
    );
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/users/me']?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(doc.paths['/users/login']?.post?.responses ?? {})).toEqual([
      '200',
      '400',
      '401',
      '429',
      '503',
    ]);
  });
});
