import { createRoute } from '@hono/zod-openapi';
import { currentUser } from '@shop/identity';
import type { ServiceApp } from '@shop/platform';
import { bearerSecurity, jsonBody, jsonResponse, problemResponses as problems } from '@shop/platform';
import type { AuthDeps } from '../deps.js';
import { changeRole } from '../users/change-role.js';
import { deleteUser } from '../users/delete-user.js';
import { findUsersByEmail } from '../users/find-users-by-email.js';
import { getCurrentUser } from '../users/get-current-user.js';
import { registerUser } from '../users/register-user.js';
import { updateUser } from '../users/update-user.js';
import { toUserView } from '../users/user-view.js';
import { clientIp } from './client-ip.js';
import type { SignedIn } from './signed-in.js';
import {
  deleteBody,
  registerBody,
  roleBody,
  statusSchema,
  updateBody,
  userListSchema,
  userSchema,
  userSearchQuery,
} from './users.schemas.js';

const user = jsonResponse('The user', userSchema);

const add = createRoute({
  method: 'post',
  path: '/users/add',
  tags: ['users'],
  summary: 'Register a customer account',
  description: 'Limited per client address and hour (429 with Retry-After); 503 while auth is saturated.',
  request: { body: jsonBody(registerBody) },
  responses: { 201: { ...user, description: 'The new user' }, ...problems(400, 409, 429, 503) },
});

const me = createRoute({
  method: 'get',
  path: '/users/me',
  tags: ['users'],
  summary: 'The signed-in user',
  security: bearerSecurity,
  responses: { 200: user, ...problems(401) },
});

const search = createRoute({
  method: 'get',
  path: '/users',
  tags: ['users'],
  summary: 'Find a user by email (admins)',
  description:
    'The active account whose email is exactly this one, in any case: a list of at most one user, empty when ' +
    'there is none (never 404). Admins only (403 for customers).',
  security: bearerSecurity,
  request: { query: userSearchQuery },
  responses: {
    200: jsonResponse('The matching users', userListSchema),
    ...problems(400, 401, 403),
  },
});

const update = createRoute({
  method: 'put',
  path: '/users/update',
  tags: ['users'],
  summary: 'Change your email, name or password',
  description:
    'Email and password changes need current_password (403 when wrong); a new password ends your other sessions.',
  security: bearerSecurity,
  request: { body: jsonBody(updateBody) },
  responses: { 200: user, ...problems(400, 401, 403, 409, 429) },
});

const role = createRoute({
  method: 'put',
  path: '/users/role',
  tags: ['users'],
  summary: "Set a user's role (admins); ends that user's sessions",
  security: bearerSecurity,
  request: { body: jsonBody(roleBody) },
  responses: { 200: user, ...problems(400, 401, 403, 404, 409) },
});

const remove = createRoute({
  method: 'delete',
  path: '/users/delete',
  tags: ['users'],
  summary: 'Delete your account; every session ends',
  description:
    'Needs current_password (403 when wrong; guesses count like failed logins, 429); the last admin cannot leave (409).',
  security: bearerSecurity,
  request: { body: jsonBody(deleteBody) },
  responses: {
    200: jsonResponse('Deleted', statusSchema('deleted')),
    ...problems(400, 401, 403, 409, 429),
  },
});

/** POST /users/add, GET /users/me, GET /users?email=, PUT /users/update, PUT /users/role, DELETE /users/delete. */
export function registerUserRoutes(app: ServiceApp, deps: AuthDeps, signedIn: SignedIn): void {
  const correlation = (requestId: string) => ({ correlationId: requestId });

  app.openapi(add, async (c) => {
    const { email, password, full_name } = c.req.valid('json');
    const input = { email, password, fullName: full_name, clientIp: clientIp(c, deps.trustedProxies) };
    return c.json(toUserView(await registerUser(deps, input)), 201);
  });

  app.openapi({ ...me, middleware: signedIn() }, async (c) =>
    c.json(toUserView(await getCurrentUser(deps.sql, currentUser(c))), 200),
  );

  app.openapi({ ...search, middleware: signedIn('admin') }, async (c) => {
    const users = await findUsersByEmail(deps.sql, c.req.valid('query').email);
    return c.json({ items: users.map(toUserView), next_cursor: null }, 200);
  });

  app.openapi({ ...update, middleware: signedIn() }, async (c) => {
    const { email, full_name, password, current_password } = c.req.valid('json');
    const changes = { email, fullName: full_name, password, currentPassword: current_password };
    const context = { ...correlation(c.get('requestId')), clientIp: clientIp(c, deps.trustedProxies) };
    return c.json(toUserView(await updateUser(deps, currentUser(c), changes, context)), 200);
  });

  app.openapi({ ...role, middleware: signedIn('admin') }, async (c) => {
    const { user_id, role } = c.req.valid('json');
    const changed = await changeRole(
      deps,
      currentUser(c),
      { userId: user_id, role },
      correlation(c.get('requestId')),
    );
    return c.json(toUserView(changed), 200);
  });

  app.openapi({ ...remove, middleware: signedIn() }, async (c) => {
    const { current_password } = c.req.valid('json');
    const context = { ...correlation(c.get('requestId')), clientIp: clientIp(c, deps.trustedProxies) };
    await deleteUser(deps, currentUser(c), current_password, context);
    return c.json({ status: 'deleted' as const }, 200);
  });
}
