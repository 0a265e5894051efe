-- Every change of a product or category bumps its version in the same transaction (the trigger
-- covers every writer, the import's upsert included); events carry it, and replicas apply a change
-- only when its version is newer than the one they hold, whatever the clocks said.
alter table products add column version bigint not null default 1;
alter table categories add column version bigint not null default 1;

create function bump_row_version() returns trigger language plpgsql as $$
begin
  new.version := old.version + 1;
  return new;
end;
$$;

create trigger products_version before update on products
  for each row execute function bump_row_version();
create trigger categories_version before update on categories
  for each row execute function bump_row_version();
