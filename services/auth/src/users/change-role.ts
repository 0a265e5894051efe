import type { Principal, Role } from '@shop/identity';
import { ConflictError, ForbiddenError, NotFoundError } from '@shop/platform';
import {
  countActiveAdmins,
  lockActiveUser,
  lockAdminRoster,
  setRole,
  type User,
} from '../data/users.repository.js';
import type { AuthDeps, RequestContext } from '../deps.js';
import { revokeSessions } from '../sessions/revoke-sessions.js';
import { getCurrentUser } from './get-current-user.js';

/**
 * An admin sets a user's role. The user's sessions end, so tokens carrying the old role stop
 * working; the next login carries the new one. The last admin cannot be demoted.
 */
export async function changeRole(
  { sql }: AuthDeps,
  principal: Principal,
  change: { userId: number; role: Role },
  context: RequestContext,
): Promise<User> {
  return sql.begin(async (tx) => {
    await lockAdminRoster(tx);
    const caller = await getCurrentUser(tx, principal);
    if (caller.role !== 'admin') throw new ForbiddenError('Only admins may change roles');
    const target = await lockActiveUser(tx, change.userId);
    if (!target) throw new NotFoundError(`There is no user with id ${change.userId}`);
    if (target.role === change.role) return target;
    if (target.role === 'admin' && (await countActiveAdmins(tx)) <= 1) {
      throw new ConflictError('The last admin cannot be demoted; promote another user first');
    }
    const updated = await setRole(tx, target.id, change.role);
    await revokeSessions(tx, { userId: target.id, reason: 'role_change' }, context.correlationId);
    return updated;
  });
}
