-- Messages RabbitMQ dead-lettered from this service's queue, stored by the dead-letter keeper until
-- an admin replays them. Ids are random uuids, unique across services: the gateway routes a replay
-- by id alone.
create table dead_letters (
  id uuid primary key default gen_random_uuid(),
  service text not null,
  -- A dead letter delivered twice (keeper crashed before its ack) is stored once.
  message_id text not null unique,
  -- The routing key the message was published with (its event type).
  type text not null,
  -- x-death reason: rejected (invalid message), delivery_limit (handler kept failing), …
  reason text not null,
  -- x-death count: times RabbitMQ dead-lettered it from the service's queue for that reason.
  count int not null,
  -- The body byte for byte (an invalid message need not be JSON, nor UTF-8).
  body bytea not null,
  -- Basic properties (content type, app id, …) and headers minus the broker's x-death ones, for replay.
  properties jsonb not null default '{}',
  headers jsonb not null default '{}',
  dead_lettered_at timestamptz not null
);
create index dead_letters_newest on dead_letters (dead_lettered_at desc, id desc);
