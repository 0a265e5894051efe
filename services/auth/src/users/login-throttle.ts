import { type Queryable, TooManyRequestsError } from '@shop/platform';
import { countAttempt, forgiveAttempt } from '../data/login-attempts.repository.js';

/** Limits on password attempts per email and per client address within a fixed window. */
export interface LoginLimits {
  windowSeconds: number;
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
}

/** Who is attempting: the account's email and the client's address. */
export interface LoginAttempt {
  email: string;
  clientIp: string;
}

function keysOf({ email, clientIp }: LoginAttempt) {
  return { email: `email:${email.toLowerCase()}`, ip: `ip:${clientIp}` };
}

/**
 * Counts an attempt before the password is checked and refuses it (429 with Retry-After) once the
 * email or the address has used up its window. Counting first means a burst of concurrent guesses
 * cannot all pass the check before any failure is recorded.
 */
export async function admitLoginAttempt(sql: Queryable, attempt: LoginAttempt, limits: LoginLimits) {
  const keys = keysOf(attempt);
  const counts = await countAttempt(sql, [keys.email, keys.ip], limits.windowSeconds);
  const exceeded = counts.filter(
    ({ key, attempts }) =>
      attempts > (key === keys.email ? limits.maxFailuresPerEmail : limits.maxFailuresPerIp),
  );
  if (exceeded.length === 0) return;
  const retryAfter = Math.max(...exceeded.map((count) => count.retryAfterSeconds));
  throw new TooManyRequestsError(
    `Too many failed sign-in attempts; try again in ${retryAfter} seconds`,
    undefined,
    { 'retry-after': String(retryAfter) },
  );
}

/** After a correct password: the email's failures are cleared and the address's count is given back. */
export async function forgiveLoginAttempt(sql: Queryable, attempt: LoginAttempt): Promise<void> {
  const keys = keysOf(attempt);
  await forgiveAttempt(sql, keys.email, keys.ip);
}
