-- A lane for bulk rows (a bulk import's product.upserted): relays publish every unpublished row
-- that is not bulk first, so a 100k-row import no longer queues the saga's replies behind it.
alter table outbox add column bulk boolean not null default false;
create index outbox_unpublished_by_lane on outbox (bulk, id) where published_at is null;
