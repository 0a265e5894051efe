-- Orders: the orders with their lines, the replica of the catalog they are priced from, and
-- the stored replies of Idempotency-Key requests.

-- The catalog as the order service knows it, kept by product.* and category.renamed events.
-- synced_at is the occurred_at of the event that wrote the row: an older event never overwrites it.
create table catalog_categories (
  id integer primary key,
  name text not null,
  synced_at timestamptz not null
);

create table catalog_products (
  id integer primary key,
  name text not null,
  price numeric(12, 2) not null,
  category_id integer not null,
  active boolean not null,
  synced_at timestamptz not null
);

create table orders (
  id integer generated always as identity primary key,
  user_id integer not null,
  status text not null check (status in ('pending', 'executing', 'executed', 'cancelled')),
  location text not null,
  country_code char(2) not null check (country_code ~ '^[A-Z]{2}$'),
  total numeric(12, 2) not null default 0,
  -- The last stock rejection: {rejected_at, shortages}; cleared once the order is executed.
  rejection jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  executed_at timestamptz,
  cancelled_at timestamptz,
  -- When catalog confirmed (stock.released) that a cancelled executed order's stock is back.
  restocked_at timestamptz
);
-- A user's orders newest first, with or without a status filter.
create index orders_by_user on orders (user_id, id desc);
create index orders_by_user_status on orders (user_id, status, id desc);

-- One line per product (repeated products are merged); prices and names as at creation or update.
create table order_items (
  order_id integer not null references orders (id) on delete cascade,
  product_id integer not null,
  product_name text not null,
  category_id integer not null,
  category_name text not null,
  quantity integer not null check (quantity between 1 and 10000),
  unit_price numeric(12, 2) not null,
  primary key (order_id, product_id)
);

-- Users auth deleted: their late-settling orders are cancelled instead of going back to pending.
create table deleted_users (
  user_id integer primary key,
  deleted_at timestamptz not null default now()
);

-- The first reply to an Idempotency-Key, per user and route; reply_status is null while in flight.
create table idempotency_keys (
  user_id integer not null,
  route text not null,
  key text not null,
  request_hash text not null,
  reply_status integer,
  -- The body as sent (text, not jsonb: a replay repeats it byte for byte, keys in the same order).
  reply_body text,
  created_at timestamptz not null default now(),
  primary key (user_id, route, key)
);
create index idempotency_keys_created_at on idempotency_keys (created_at);
