import { AppError, type ServiceApp } from '@shop/platform';

export class MethodNotAllowedError extends AppError {
  readonly status = 405;
  readonly title = 'Method not allowed';
}

const readOnlyPaths = ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs'];

/** The gateway's own endpoints are read-only: other methods get a 405 problem with `Allow`. */
export function refuseWritesToOwnEndpoints(app: ServiceApp): void {
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], readOnlyPaths, function methodNotAllowed(c) {
    throw new MethodNotAllowedError(`${c.req.method} is not allowed on ${c.req.path}`, undefined, {
      allow: 'GET, HEAD',
    });
  });
}
