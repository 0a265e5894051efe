import type { Purge, Queryable } from '@shop/platform';
import type { AttemptCount } from './login-attempts.repository.js';

/** The registration throttle's window: an hour. */
export const REGISTRATION_WINDOW_SECONDS = 3600;

/** Counts one registration attempt of an address in its hourly window, atomically across replicas. */
export async function countRegistration(q: Queryable, clientIp: string): Promise<AttemptCount> {
  const [row] = await q<{ key: string; attempts: number; retry_after_seconds: number }[]>`
    insert into registration_attempts as a (key, window_started_at, attempts)
    values ('ip:' || ${clientIp}::text, now(), 1)
    on conflict (key) do update set
      attempts = case when a.window_started_at > now() - make_interval(secs => ${REGISTRATION_WINDOW_SECONDS})
                      then a.attempts + 1 else 1 end,
      window_started_at = case when a.window_started_at > now() - make_interval(secs => ${REGISTRATION_WINDOW_SECONDS})
                               then a.window_started_at else now() end
    returning key, attempts,
      greatest(1, ceil(extract(epoch from
        window_started_at + make_interval(secs => ${REGISTRATION_WINDOW_SECONDS}) - now())))::int as retry_after_seconds`;
  const { key, attempts, retry_after_seconds } = row as NonNullable<typeof row>;
  return { key, attempts, retryAfterSeconds: retry_after_seconds };
}

/** Windows that have passed: the next attempt of such an address starts a new one anyway. */
export function registrationAttemptsPurge(): Purge {
  return {
    table: 'registration_attempts',
    async purge(tx, limit) {
      const { count } = await tx`
        delete from registration_attempts where ctid = any(array(
          select ctid from registration_attempts
          where window_started_at < now() - make_interval(secs => ${REGISTRATION_WINDOW_SECONDS})
          limit ${limit} for update skip locked))`;
      return count;
    },
  };
}
