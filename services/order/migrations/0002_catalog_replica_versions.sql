-- Replica rows keep the catalog version they hold (0: written before catalog counted versions), so a
-- change older than or equal to it is ignored, whatever its occurred_at. A product.deleted handled
-- before the product's first product.upserted leaves a tombstone: its id, version and active = false.
alter table catalog_categories add column version bigint not null default 0;

alter table catalog_products
  add column version bigint not null default 0,
  alter column name drop not null,
  alter column price drop not null,
  alter column category_id drop not null;
