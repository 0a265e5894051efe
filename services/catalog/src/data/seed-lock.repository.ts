import type { Queryable, Sql } from '@shop/platform';

// Any fixed key works: it only has to be the same in every catalog replica.
const SEED_LOCK_KEY = 4_201_001;

/** Runs `work` holding a session advisory lock, so replicas starting together seed one at a time. */
export async function withSeedLock<T>(sql: Sql, work: () => Promise<T>): Promise<T> {
  const session = await sql.reserve();
  try {
    await session`select pg_advisory_lock(${SEED_LOCK_KEY})`;
    try {
      return await work();
    } finally {
      await session`select pg_advisory_unlock(${SEED_LOCK_KEY})`;
    }
  } finally {
    session.release();
  }
}

/** True when there is no product and no category at all, removed or not. */
export async function catalogIsEmpty(sql: Queryable): Promise<boolean> {
  const [row] = await sql<{ empty: boolean }[]>`
    select not exists (select 1 from products) and not exists (select 1 from categories) as empty`;
  return row?.empty ?? false;
}
