import type { Principal } from '@shop/identity';
import { type Queryable, UnauthorizedError } from '@shop/platform';
import { findCaller, type User } from '../data/users.repository.js';

/**
 * The caller's account. Auth checks its own database rather than trusting the token alone: a token
 * of a deleted account or of a revoked session is refused here even without the gateway.
 */
export async function getCurrentUser(
  sql: Queryable,
  principal: Principal,
  { lock = false }: { lock?: boolean } = {},
): Promise<User> {
  const user = await findCaller(sql, { userId: principal.userId, sessionId: principal.sessionId, lock });
  if (!user) {
    throw new UnauthorizedError('The session has ended or the account no longer exists', undefined, {
      'www-authenticate': 'Bearer error="invalid_token"',
    });
  }
  return user;
}
