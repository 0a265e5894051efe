import type { Queryable } from '@shop/platform';

/** A throttling key's count in its current window, and the seconds until that window ends. */
export interface AttemptCount {
  key: string;
  attempts: number;
  retryAfterSeconds: number;
}

/**
 * Counts one attempt against each key in one atomic upsert (a key whose window has passed starts
 * a new one), so the count holds across replicas and concurrent requests.
 */
export async function countAttempt(
  q: Queryable,
  keys: string[],
  windowSeconds: number,
): Promise<AttemptCount[]> {
  const rows = await q<{ key: string; attempts: number; retry_after_seconds: number }[]>`
    insert into login_attempts as a (key, window_started_at, attempts)
    select key, now(), 1 from unnest(${keys}::text[]) with ordinality as k(key, position) order by position
    on conflict (key) do update set
      attempts = case when a.window_started_at > now() - make_interval(secs => ${windowSeconds})
                      then a.attempts + 1 else 1 end,
      window_started_at = case when a.window_started_at > now() - make_interval(secs => ${windowSeconds})
                               then a.window_started_at else now() end
    returning key, attempts,
      greatest(1, ceil(extract(epoch from
        window_started_at + make_interval(secs => ${windowSeconds}) - now())))::int as retry_after_seconds`;
  return rows.map((row) => ({
    key: row.key,
    attempts: row.attempts,
    retryAfterSeconds: row.retry_after_seconds,
  }));
}

/** Takes back a counted attempt that turned out legitimate: `cleared` restarts, `forgiven` loses one. */
export async function forgiveAttempt(q: Queryable, cleared: string, forgiven: string): Promise<void> {
  await q`
    with cleared as (delete from login_attempts where key = ${cleared})
    update login_attempts set attempts = greatest(attempts - 1, 0) where key = ${forgiven}`;
}
