import { ForbiddenError } from '@shop/platform';
import type { User } from '../data/users.repository.js';
import type { AuthDeps } from '../deps.js';
import { admitLoginAttempt, forgiveLoginAttempt } from './login-throttle.js';

/**
 * Proves the caller knows the account's password before a sensitive change. Guesses count like
 * login failures, so a stolen access token cannot be used to brute-force the password.
 */
export async function confirmCurrentPassword(
  deps: AuthDeps,
  user: User,
  currentPassword: string | undefined,
  clientIp: string,
): Promise<void> {
  const attempt = { email: user.email, clientIp };
  await admitLoginAttempt(deps.sql, attempt, deps.limits);
  if (!(await deps.passwords.matches(currentPassword ?? '', user.passwordHash))) {
    throw new ForbiddenError('current_password is not the account password');
  }
  await forgiveLoginAttempt(deps.sql, attempt);
}
