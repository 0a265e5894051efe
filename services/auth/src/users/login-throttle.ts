import { type Queryable, TooManyRequestsError } from '@shop/platform';
import {
  type AttemptCount,
  countLoginAttempt,
  forgiveLoginAttempt as forgive,
} from '../data/login-attempts.repository.js';

/** Limits on password failures within a fixed window. */
export interface LoginLimits {
  windowSeconds: number;
  /** One email from one address: a guesser. */
  maxFailuresPerEmailAndIp: number;
  /** One address over any emails: spraying a password across accounts. */
  maxFailuresPerIp: number;
  /** One email from every address: past it, only addresses that have not failed on it get in. */
  maxFailuresPerEmail: number;
}

/** Who is attempting: the account's email and the client's address. */
export interface LoginAttempt {
  email: string;
  clientIp: string;
}

/**
 * Counts an attempt before the password is checked and refuses it (429 with Retry-After) once its
 * (email, address) pair or its address has used up its window, or the email its much higher
 * ceiling while this address has failed on it already: failures from elsewhere never lock out an
 * address that has not failed, so nobody can lock an account (the only admin's included) remotely.
 * Counting first means a burst of concurrent guesses cannot all pass before any failure is recorded.
 */
export async function admitLoginAttempt(sql: Queryable, attempt: LoginAttempt, limits: LoginLimits) {
  const { pair, ip, email } = await countLoginAttempt(sql, attempt, limits.windowSeconds);
  const failedHereBefore = pair.attempts > 1;
  const exceeded: AttemptCount[] = [
    ...(pair.attempts > limits.maxFailuresPerEmailAndIp ? [pair] : []),
    ...(ip.attempts > limits.maxFailuresPerIp ? [ip] : []),
    ...(email.attempts > limits.maxFailuresPerEmail && failedHereBefore ? [email] : []),
  ];
  if (exceeded.length === 0) return;
  const retryAfter = Math.max(...exceeded.map((count) => count.retryAfterSeconds));
  throw new TooManyRequestsError(
    `Too many failed sign-in attempts; try again in ${retryAfter} seconds`,
    undefined,
    { 'retry-after': String(retryAfter) },
  );
}

/** After a correct password: the pair's failures are cleared, the address's and email's count given back. */
export async function forgiveLoginAttempt(sql: Queryable, attempt: LoginAttempt): Promise<void> {
  await forgive(sql, attempt);
}
