import type { Principal } from '@shop/identity';
import { enqueueEvents } from '@shop/messaging';
import { ConflictError } from '@shop/platform';
import { markSessionsRevoked } from '../data/sessions.repository.js';
import { countActiveAdmins, lockAdminRoster, markDeleted } from '../data/users.repository.js';
import type { AuthDeps, RequestContext } from '../deps.js';
import { confirmCurrentPassword } from './confirm-current-password.js';
import { getCurrentUser } from './get-current-user.js';

/**
 * Deletes the caller's account (soft: the email is free again) once they prove they know its
 * password, so a stolen access token alone cannot; ends every session and announces `user.deleted`,
 * on which gateways refuse the account's tokens. The last admin cannot leave.
 */
export async function deleteUser(
  deps: AuthDeps,
  principal: Principal,
  currentPassword: string,
  context: RequestContext & { clientIp: string },
): Promise<void> {
  const before = await getCurrentUser(deps.sql, principal);
  // bcrypt runs before the transaction, so no row stays locked for its ~70 ms.
  await confirmCurrentPassword(deps, before, currentPassword, context.clientIp);
  await deps.sql.begin(async (tx) => {
    await lockAdminRoster(tx);
    const user = await getCurrentUser(tx, principal, { lock: true });
    if (user.passwordHash !== before.passwordHash) {
      throw new ConflictError('The password changed meanwhile; sign in again and retry');
    }
    if (user.role === 'admin' && (await countActiveAdmins(tx)) <= 1) {
      throw new ConflictError('The last admin cannot be deleted; promote another user first');
    }
    await markDeleted(tx, user.id);
    await markSessionsRevoked(tx, { userId: user.id, reason: 'user_deleted' });
    enqueueEvents(tx, 'auth', [
      { type: 'user.deleted', data: { user_id: user.id }, correlationId: context.correlationId },
    ]);
  });
}
