import type { Queryable } from '@shop/platform';

/** A throttling key's count in its current window, and the seconds until that window ends. */
export interface AttemptCount {
  key: string;
  attempts: number;
  retryAfterSeconds: number;
}

/** An attempt's counts: of its (email, address) pair, of its address, of its email. */
export type LoginAttemptCounts = Record<'pair' | 'ip' | 'email', AttemptCount>;

const kindOf = (key: string) => key.slice(0, key.indexOf(':')) as keyof LoginAttemptCounts;

/**
 * Counts one attempt against its pair, address and email keys in one atomic upsert (a key whose
 * window has passed starts a new one), so the counts hold across replicas and concurrent requests.
 * Keys hold the email as SQL lower() makes it, the function the account lookup compares with.
 */
export async function countLoginAttempt(
  q: Queryable,
  { email, clientIp }: { email: string; clientIp: string },
  windowSeconds: number,
): Promise<LoginAttemptCounts> {
  const rows = await q<{ key: string; attempts: number; retry_after_seconds: number }[]>`
    insert into login_attempts as a (key, window_started_at, attempts)
    select key, now(), 1 from (values
      (1, 'pair:' || ${clientIp}::text || '|' || lower(${email}::text)),
      (2, 'ip:' || ${clientIp}::text),
      (3, 'email:' || lower(${email}::text))) as k(position, key)
    order by position
    on conflict (key) do update set
      attempts = case when a.window_started_at > now() - make_interval(secs => ${windowSeconds})
                      then a.attempts + 1 else 1 end,
      window_started_at = case when a.window_started_at > now() - make_interval(secs => ${windowSeconds})
                               then a.window_started_at else now() end
    returning key, attempts,
      greatest(1, ceil(extract(epoch from
        window_started_at + make_interval(secs => ${windowSeconds}) - now())))::int as retry_after_seconds`;
  const counts = rows.map((row) => ({
    key: row.key,
    attempts: row.attempts,
    retryAfterSeconds: row.retry_after_seconds,
  }));
  return Object.fromEntries(counts.map((count) => [kindOf(count.key), count])) as LoginAttemptCounts;
}

/** Takes back an attempt that turned out legitimate: its pair restarts, its address and email lose one. */
export async function forgiveLoginAttempt(
  q: Queryable,
  { email, clientIp }: { email: string; clientIp: string },
): Promise<void> {
  await q`
    with cleared as (
      delete from login_attempts where key = 'pair:' || ${clientIp}::text || '|' || lower(${email}::text))
    update login_attempts set attempts = greatest(attempts - 1, 0)
    where key in ('ip:' || ${clientIp}::text, 'email:' || lower(${email}::text))`;
}
