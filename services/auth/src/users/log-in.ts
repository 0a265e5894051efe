import { UnauthorizedError } from '@shop/platform';
import { findActiveUserByEmail } from '../data/users.repository.js';
import type { AuthDeps } from '../deps.js';
import { startSession } from '../sessions/start-session.js';
import type { TokenPair } from '../sessions/token-pair.js';
import { admitLoginAttempt, forgiveLoginAttempt } from './login-throttle.js';

/** Checks email and password and starts a session; one answer and one cost for every failure. */
export async function logIn(
  deps: AuthDeps,
  credentials: { email: string; password: string; clientIp: string },
): Promise<TokenPair> {
  const attempt = { email: credentials.email, clientIp: credentials.clientIp };
  await admitLoginAttempt(deps.sql, attempt, deps.limits);
  const user = await findActiveUserByEmail(deps.sql, credentials.email);
  // An unknown email is checked against a dummy hash, so it takes as long as a wrong password.
  const matched = await deps.passwords.matches(credentials.password, user?.passwordHash);
  if (!user || !matched) throw new UnauthorizedError('The email or password is incorrect');
  await forgiveLoginAttempt(deps.sql, attempt);
  return startSession(deps.sql, deps.signer, user);
}
