-- Catalog: categories, products (soft-deleted, so history keeps names) and the saga's stock reservations.

create table categories (
  id integer generated always as identity primary key,
  name text not null check (char_length(name) between 1 and 100),
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
-- A name is unique case-insensitively among live categories; deleting one frees its name.
create unique index categories_live_name on categories (lower(name)) where deleted_at is null;

create table products (
  id integer generated always as identity primary key,
  name text not null check (char_length(name) between 1 and 200),
  category_id integer not null references categories (id),
  price numeric(12, 2) not null check (price > 0),
  cost numeric(12, 2) not null default 0 check (cost >= 0),
  quantity integer not null check (quantity >= 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  check (active = (deleted_at is null))
);
-- A name is unique case-insensitively among active products; removing one frees its name.
create unique index products_active_name on products (lower(name)) where active;
-- Keyset pagination: one index per sort order, the id breaking ties.
create index products_by_name on products (lower(name), id) where active;
create index products_by_price on products (price, id) where active;
create index products_by_created_at on products (created_at, id) where active;
create index products_by_category on products (category_id, lower(name), id) where active;

-- One row per order the saga asked about; its status guards against taking or returning stock twice.
create table stock_reservations (
  order_id bigint primary key,
  status text not null check (status in ('reserved', 'rejected', 'released', 'cancelled')),
  -- The merged lines: what was taken (with unit_cost) when reserved, what was asked for otherwise.
  items jsonb not null,
  shortages jsonb,
  attempts integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
