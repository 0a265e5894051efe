-- Applied into each service's own schema (the runner sets search_path).

-- Events written in the same transaction as the state change; the relay publishes them.
create table outbox (
  id bigint generated always as identity primary key,
  message_id uuid not null unique,
  routing_key text not null,
  payload jsonb not null,
  headers jsonb not null default '{}',
  created_at timestamptz not null default now(),
  published_at timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
create index outbox_published_at on outbox (published_at) where published_at is not null;

-- One notification per inserting statement wakes the relays listening on "<schema>_outbox".
create function outbox_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify(tg_table_schema || '_outbox', '');
  return null;
end $$;
create trigger outbox_inserted after insert on outbox
  for each statement execute function outbox_notify();

-- Ids of messages already handled: a redelivered message finds its id here and is skipped.
create table inbox (
  message_id uuid primary key,
  type text not null,
  received_at timestamptz not null default now()
);
