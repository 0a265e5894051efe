-- Analytics: every order seen once, sales facts per line, day aggregates kept in step with the facts,
-- and a replica of the catalog's names. Money is numeric throughout; days are UTC dates.

-- One row per order: 'executed' while its sale counts; 'cancelled' once reversed, or as a tombstone
-- when the cancellation came first (executed_at null), so a late order.executed is not counted.
create table orders (
  order_id integer primary key,
  status text not null check (status in ('executed', 'cancelled')),
  executed_at timestamptz,
  recorded_at timestamptz not null default now(),
  cancelled_at timestamptz,
  check (status = 'cancelled' or executed_at is not null)
);

-- Sales facts: one row per product of a counted order (an order repeating a product is merged).
create table sales (
  order_id integer not null,
  product_id integer not null,
  category_id integer not null,
  product_name text not null,
  category_name text not null,
  quantity integer not null check (quantity > 0),
  unit_price numeric(12, 2) not null,
  unit_cost numeric(12, 2) not null,
  revenue numeric(20, 2) not null,
  cost numeric(20, 2) not null,
  executed_at timestamptz not null,
  primary key (order_id, product_id)
);
-- Edge days of a period are read from the facts by time; nothing else scans them.
create index sales_by_executed_at on sales (executed_at);

-- Per UTC day and product (under the category it was sold in): what the facts of that day add up to.
create table daily_product_sales (
  day date not null,
  category_id integer not null,
  product_id integer not null,
  quantity bigint not null,
  revenue numeric(20, 2) not null,
  cost numeric(20, 2) not null,
  primary key (day, category_id, product_id)
);

-- Per UTC day: orders, units, revenue and cost.
create table daily_sales (
  day date primary key,
  orders integer not null,
  quantity bigint not null,
  revenue numeric(20, 2) not null,
  cost numeric(20, 2) not null
);

-- Names: catalog_name from catalog's events (current), sold_as from the latest sale (the fallback).
create table products (
  product_id integer primary key,
  catalog_name text,
  sold_as text,
  active boolean,
  updated_at timestamptz not null default now()
);

create table categories (
  category_id integer primary key,
  catalog_name text,
  sold_as text,
  updated_at timestamptz not null default now()
);
