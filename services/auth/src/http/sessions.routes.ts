import { createRoute } from '@hono/zod-openapi';
import { bearerToken, currentUser } from '@shop/identity';
import {
  bearerSecurity,
  jsonBody,
  jsonContent,
  jsonResponse,
  problemResponses as problems,
  type ServiceApp,
  UnauthorizedError,
} from '@shop/platform';
import type { AuthDeps } from '../deps.js';
import { logIn } from '../users/log-in.js';
import { logOut } from '../users/log-out.js';
import { refreshSession } from '../users/refresh-session.js';
import { clientIp } from './client-ip.js';
import type { SignedIn } from './signed-in.js';
import { loginBody, refreshBody, statusSchema, tokenPairSchema } from './users.schemas.js';

const login = createRoute({
  method: 'post',
  path: '/users/login',
  tags: ['users'],
  summary: 'Sign in: starts a session',
  request: { body: jsonBody(loginBody) },
  responses: {
    200: jsonResponse('A token pair', tokenPairSchema),
    ...problems(400, 401, 429, 503),
  },
});

const refresh = createRoute({
  method: 'post',
  path: '/users/refresh',
  tags: ['users'],
  summary: 'Trade a refresh token (body or Authorization: Bearer) for a new pair',
  description: 'The presented token is spent; presenting a spent one revokes the whole session.',
  // Optional: the token may come as a bearer header instead.
  request: { body: { required: false, ...jsonContent(refreshBody) } },
  responses: { 200: jsonResponse('A new token pair', tokenPairSchema), ...problems(400, 401) },
});

const logout = createRoute({
  method: 'post',
  path: '/users/logout',
  tags: ['users'],
  summary: "End the caller's session",
  security: bearerSecurity,
  responses: { 200: jsonResponse('Logged out', statusSchema('logged_out')), ...problems(401) },
});

function missingRefreshToken(): UnauthorizedError {
  const detail = 'Send the refresh token as {"refresh_token": ...} or as Authorization: Bearer';
  return new UnauthorizedError(detail, undefined, { 'www-authenticate': 'Bearer' });
}

/** POST /users/login, /users/refresh and /users/logout. */
export function registerSessionRoutes(app: ServiceApp, deps: AuthDeps, signedIn: SignedIn): void {
  app.openapi(login, async (c) => {
    const { email, password } = c.req.valid('json');
    const credentials = { email, password, clientIp: clientIp(c, deps.trustedProxies) };
    return c.json(await logIn(deps, credentials), 200);
  });

  app.openapi(refresh, async (c) => {
    const body: { refresh_token?: string } | undefined = c.req.valid('json');
    const token = body?.refresh_token ?? bearerToken(c);
    if (!token) throw missingRefreshToken();
    return c.json(await refreshSession(deps, token, { correlationId: c.get('requestId') }), 200);
  });

  app.openapi({ ...logout, middleware: signedIn() }, async (c) => {
    await logOut(deps, currentUser(c), { correlationId: c.get('requestId') });
    return c.json({ status: 'logged_out' as const }, 200);
  });
}
