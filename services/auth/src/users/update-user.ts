import type { Principal } from '@shop/identity';
import { ConflictError } from '@shop/platform';
import { type User, updateProfile } from '../data/users.repository.js';
import type { AuthDeps, RequestContext } from '../deps.js';
import { revokeSessions } from '../sessions/revoke-sessions.js';
import { confirmCurrentPassword } from './confirm-current-password.js';
import { getCurrentUser } from './get-current-user.js';

/** What a user may change about themselves; email and password need the current password. */
export interface ProfileChanges {
  email?: string;
  fullName?: string;
  password?: string;
  currentPassword?: string;
}

/** Updates the caller's own profile; a new password ends every other session of theirs. */
export async function updateUser(
  deps: AuthDeps,
  principal: Principal,
  changes: ProfileChanges,
  context: RequestContext & { clientIp: string },
): Promise<User> {
  const before = await getCurrentUser(deps.sql, principal);
  if (changes.email !== undefined || changes.password !== undefined) {
    await confirmCurrentPassword(deps, before, changes.currentPassword, context.clientIp);
  }
  // bcrypt runs before the transaction, so no row stays locked for its ~70 ms.
  const passwordHash =
    changes.password === undefined ? undefined : await deps.passwords.hash(changes.password);
  return deps.sql.begin(async (tx) => {
    const current = await getCurrentUser(tx, principal, { lock: true });
    if (current.passwordHash !== before.passwordHash) {
      throw new ConflictError('The password changed meanwhile; sign in again and retry');
    }
    const updated = await updateProfile(tx, current.id, {
      email: changes.email,
      fullName: changes.fullName,
      passwordHash,
    });
    if (updated === 'email-taken') {
      throw new ConflictError(`An account with the email ${changes.email} already exists`);
    }
    if (passwordHash) {
      const filter = { userId: current.id, reason: 'password_change', except: principal.sessionId } as const;
      await revokeSessions(tx, filter, context.correlationId);
    }
    return updated;
  });
}
