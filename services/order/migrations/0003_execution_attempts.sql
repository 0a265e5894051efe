-- Execution attempts: each pending → executing move starts the next attempt; saga replies name theirs,
-- so a late reply of an earlier attempt settles nothing. The sweeper re-asks catalog and gives up on
-- executing orders by these columns.
alter table orders
  add column execution_attempt integer not null default 0,
  -- When the current attempt started (its deadline runs from here).
  add column execution_started_at timestamptz,
  -- When catalog was last asked for the current attempt (its next re-send runs from here).
  add column execution_requested_at timestamptz;

-- Orders executing when this ran keep attempt 0 (their requests carried none) and are swept like the others.
update orders set execution_started_at = updated_at, execution_requested_at = updated_at
where status = 'executing';

-- The sweeper's one query: executing orders by when catalog was last asked (few rows: only those in flight).
create index orders_executing on orders (execution_requested_at) where status = 'executing';
