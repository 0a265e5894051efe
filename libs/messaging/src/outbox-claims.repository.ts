import type { Sql } from 'postgres';

/** An outbox row as a relay publishes it. */
export interface OutboxRow {
  id: string;
  bulk: boolean;
  message_id: string;
  routing_key: string;
  body: string;
  headers: Record<string, unknown>;
  source: string;
}

// Far longer than a publish with confirms takes; a relay that died holding rows lets them go after it.
const CLAIM_SECONDS = 5;

/** The end of a claim: the rows claimed, and those of them the broker confirmed. */
export interface OutboxSettlement {
  claimed: string[];
  published: string[];
}

const NOTHING_TO_SETTLE: OutboxSettlement = { claimed: [], published: [] };

/**
 * Claims up to `limit` unpublished rows nobody holds (skipping `skipIds`) for CLAIM_SECONDS, in one
 * statement: rows that are not bulk first, then bulk ones, each in id order (how they come back).
 * Concurrent relays never claim the same rows. The same statement settles the relay's previous
 * claim when it is handed over (see settleOutboxClaim), a round trip less between busy batches.
 */
export async function claimOutboxRows(
  sql: Sql,
  skipIds: string[],
  limit: number,
  previous: OutboxSettlement = NOTHING_TO_SETTLE,
): Promise<OutboxRow[]> {
  const rows = await sql<OutboxRow[]>`
    with settled as (${settlement(sql, previous)})
    update outbox o set claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS})
    from (
      select id from outbox
      where published_at is null and (claimed_until is null or claimed_until < now())
        and not (id = any(${skipIds}::bigint[])) and not (id = any(${previous.claimed}::bigint[]))
      order by bulk, id limit ${limit}
      for update skip locked) claimed
    where o.id = claimed.id
    returning o.id, o.bulk, o.message_id, o.routing_key, o.payload::text as body, o.headers,
      o.payload->>'source' as source`;
  return [...rows].sort((a, b) => Number(a.bulk) - Number(b.bulk) || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

/** Ends a claim: the published rows are marked published, the others are free to be claimed again. */
export async function settleOutboxClaim(sql: Sql, claim: OutboxSettlement): Promise<void> {
  await settlement(sql, claim);
}

function settlement(sql: Sql, { claimed, published }: OutboxSettlement) {
  return sql`
    update outbox set claimed_until = null,
      published_at = case when id = any(${published}::bigint[]) then now() end
    where id = any(${claimed}::bigint[])`;
}
