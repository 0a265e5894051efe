-- pgbench reference of order.bench.ts: exactly the SQL the saga runs for one executed 3-line order,
-- end to end, one transaction per step as the services run them, against the services' own tables
-- (run on the bench database after the stack has stopped). Each statement names the repository it
-- copies. Per order: order ~11 statements, catalog ~6.4, analytics ~4.5 (counted from PostgreSQL's
-- statement log during a saga run; consumers and relays work in batches). A relay's claim and mark
-- run after one outbox row in :relay_every, as a relay woken by NOTIFY does under load. What PostgreSQL cannot do here (HTTP, AMQP, JSON in Node) is what the ratio measures.
--
-- Variables (pgbench -D): products (ids 1..products exist in catalog and the order replica), relay_every.

\set p random(1, :products - 2)
\set user_id random(1, 1000000)

-- 1. POST /orders/create (order: create-order.ts, two statements, no transaction) -----------------
-- catalog-replica.repository.ts replicaProducts
select p.id, p.name, p.price, p.category_id, c.name as category_name, p.active
  from orders.catalog_products p left join orders.catalog_categories c on c.id = p.category_id
  where p.id = any(array[:p, :p + 1, :p + 2]::int[]) and p.name is not null;
-- orders.repository.ts insertPricedOrder (the user's lock and deletion check, order, lines, total, the 201's body)
with priced (product_id, product_name, category_id, category_name, quantity, unit_price) as (
  select * from unnest(
    array[:p, :p + 1, :p + 2]::int[],
    array['Load product ' || :p, 'Load product ' || :p + 1, 'Load product ' || :p + 2]::text[],
    array[1, 2, 3]::int[], array['Load 1', 'Load 2', 'Load 0']::text[],
    array[1, 1, 1]::int[], array[11.00, 12.00, 13.00]::numeric[])),
checks as (
  select orders.user_deleted_under_shared_lock(1869767794, :user_id) as user_deleted,
    (select sum(quantity * unit_price) from priced) as total),
o as (
  insert into orders.orders (user_id, status, location, country_code, total)
  select :user_id, 'pending', 'DE', 'DE', checks.total
  from checks where not checks.user_deleted and checks.total <= 9999999999.99::numeric
  returning *),
items as (
  insert into orders.order_items (order_id, product_id, product_name, category_id, category_name, quantity, unit_price)
  select o.id, priced.* from o, priced
  returning *)
select o.id as order_id, o.user_id, o.status, o.location, o.country_code, o.total, o.rejection,
  o.created_at, o.updated_at, o.executed_at, o.cancelled_at, o.restocked_at,
  (select json_agg(json_build_object(
    'product_id', i.product_id, 'product_name', i.product_name, 'quantity', i.quantity,
    'unit_price', i.unit_price, 'line_total', i.quantity * i.unit_price) order by i.product_id)
   from items i) as items
from o \gset

-- 2. POST /orders/execute (order: execute-order.ts requestExecution, one transaction) ---------------
begin;
-- order-transitions.repository.ts startExecution (with the lines to reserve)
with started as (
  update orders.orders set status = 'executing', execution_attempt = execution_attempt + 1,
    execution_started_at = now(), execution_requested_at = now(), updated_at = now()
  where id = :order_id and user_id = :user_id and status = 'pending'
  returning id, execution_attempt)
select s.execution_attempt, i.product_id, i.quantity
  from started s left join orders.order_items i on i.order_id = s.id
  order by i.product_id;
-- libs/messaging outbox.ts enqueueEvents (order.execution-requested)
insert into orders.outbox (message_id, routing_key, payload, headers)
  select id, 'order.execution-requested', jsonb_build_object(
      'id', id, 'type', 'order.execution-requested', 'version', 1, 'occurred_at', now(), 'source', 'order',
      'correlation_id', gen_random_uuid(),
      'data', jsonb_build_object('order_id', :order_id::int, 'user_id', :user_id::int, 'attempt', 1,
        'items', jsonb_build_array(
        jsonb_build_object('product_id', :p::int, 'quantity', 1),
        jsonb_build_object('product_id', (:p + 1)::int, 'quantity', 1),
        jsonb_build_object('product_id', (:p + 2)::int, 'quantity', 1)))), '{}'::jsonb
  from gen_random_uuid() as id;
commit;

-- order's relay (outbox-claims.repository.ts: claim a batch, publish with confirms, mark it published)
\set relay random(1, :relay_every)
\if :relay = 1
update orders.outbox o set claimed_until = now() + make_interval(secs => 5)
  from (
    select id from orders.outbox
    where published_at is null and (claimed_until is null or claimed_until < now())
      and not (id = any('{}'::bigint[]))
    order by bulk, id limit 500
    for update skip locked) claimed
  where o.id = claimed.id
  returning o.id, o.message_id, o.routing_key, o.payload::text as body, o.headers, o.payload->>'source' as source;
update orders.outbox set claimed_until = null, published_at = now()
  where id = any(array(select id from orders.outbox where published_at is null and claimed_until > now() order by id limit 500));
\endif

-- 3. order.execution-requested → reserve (catalog: event-consumer.ts + reserve-stock.ts) -----------
begin;
-- event-consumer.ts handleAll: the inbox
insert into catalog.inbox (message_id, type)
  select * from unnest(array[gen_random_uuid()]::uuid[], array['order.execution-requested']::text[])
  on conflict do nothing
  returning message_id;
-- reservations.repository.ts insertReservation (claim-attempt.ts)
insert into catalog.stock_reservations (order_id, status, items, attempt)
  values (:order_id, 'reserved', jsonb_build_array(
    jsonb_build_object('product_id', :p::int, 'quantity', 1),
    jsonb_build_object('product_id', (:p + 1)::int, 'quantity', 1),
    jsonb_build_object('product_id', (:p + 2)::int, 'quantity', 1)), 1)
  on conflict (order_id) do nothing
  returning order_id;
-- stock.repository.ts lockStockLevels
select id, quantity, active, cost from catalog.products
  where id = any(array[:p, :p + 1, :p + 2]::bigint[]) order by id for update;
-- stock.repository.ts takeStockFor (take every line, record it on the reservation)
with taken as (
  update catalog.products p set quantity = p.quantity - l.quantity, updated_at = now()
  from unnest(array[:p, :p + 1, :p + 2]::bigint[], array[1, 1, 1]::bigint[]) as l(id, quantity)
  where p.id = l.id and p.active and p.quantity >= l.quantity
  returning p.id),
recorded as (
  update catalog.stock_reservations set items = jsonb_build_array(
      jsonb_build_object('product_id', :p::int, 'quantity', 1, 'unit_cost', 4.00),
      jsonb_build_object('product_id', (:p + 1)::int, 'quantity', 1, 'unit_cost', 5.00),
      jsonb_build_object('product_id', (:p + 2)::int, 'quantity', 1, 'unit_cost', 6.00)), updated_at = now()
  where order_id = :order_id)
select id from taken;
-- outbox.ts enqueueEvents (stock.reserved)
insert into catalog.outbox (message_id, routing_key, payload, headers)
  select id, 'stock.reserved', jsonb_build_object(
      'id', id, 'type', 'stock.reserved', 'version', 1, 'occurred_at', now(), 'source', 'catalog',
      'correlation_id', gen_random_uuid(), 'causation_id', gen_random_uuid(),
      'data', jsonb_build_object('order_id', :order_id::int, 'attempt', 1, 'items', jsonb_build_array(
        jsonb_build_object('product_id', :p::int, 'quantity', 1, 'unit_cost', 4.00),
        jsonb_build_object('product_id', (:p + 1)::int, 'quantity', 1, 'unit_cost', 5.00),
        jsonb_build_object('product_id', (:p + 2)::int, 'quantity', 1, 'unit_cost', 6.00)))), '{}'::jsonb
  from gen_random_uuid() as id;
commit;

-- catalog's relay
\set relay random(1, :relay_every)
\if :relay = 1
update catalog.outbox o set claimed_until = now() + make_interval(secs => 5)
  from (
    select id from catalog.outbox
    where published_at is null and (claimed_until is null or claimed_until < now())
      and not (id = any('{}'::bigint[]))
    order by bulk, id limit 500
    for update skip locked) claimed
  where o.id = claimed.id
  returning o.id, o.message_id, o.routing_key, o.payload::text as body, o.headers, o.payload->>'source' as source;
update catalog.outbox set claimed_until = null, published_at = now()
  where id = any(array(select id from catalog.outbox where published_at is null and claimed_until > now() order by id limit 500));
\endif

-- 4. stock.reserved → settle (order: event-consumer.ts + complete-execution.ts) ---------------------
begin;
insert into orders.inbox (message_id, type)
  select * from unnest(array[gen_random_uuid()]::uuid[], array['stock.reserved']::text[])
  on conflict do nothing
  returning message_id;
-- order-transitions.repository.ts markExecuted (announces the settlement, reads the lines with the replica's names)
with executed as (
  update orders.orders set status = 'executed', executed_at = now(), updated_at = now(), rejection = null
  where id = :order_id and status = 'executing' and execution_attempt = 1
  returning id, user_id, country_code, total, executed_at),
announced as (select pg_notify('orders_settled', id::text) from executed)
select e.user_id, e.country_code, e.total, e.executed_at, i.product_id,
    coalesce(p.name, i.product_name) as product_name, coalesce(c.id, i.category_id) as category_id,
    coalesce(c.name, i.category_name) as category_name, i.quantity, i.unit_price
  from executed e cross join (select count(*) from announced) a
  left join orders.order_items i on i.order_id = e.id
  left join orders.catalog_products p on p.id = i.product_id
  left join orders.catalog_categories c on c.id = p.category_id
  order by i.product_id;
-- outbox.ts enqueueEvents (order.executed)
insert into orders.outbox (message_id, routing_key, payload, headers)
  select id, 'order.executed', jsonb_build_object(
      'id', id, 'type', 'order.executed', 'version', 1, 'occurred_at', now(), 'source', 'order',
      'correlation_id', gen_random_uuid(), 'causation_id', gen_random_uuid(),
      'data', jsonb_build_object('order_id', :order_id::int, 'user_id', :user_id::int, 'country_code', 'DE',
        'executed_at', now(), 'total', 36.00, 'items', jsonb_build_array(
        jsonb_build_object('product_id', :p::int, 'product_name', 'Load product ' || :p::int, 'category_id', 1,
          'category_name', 'Load 1', 'quantity', 1, 'unit_price', 11.00, 'unit_cost', 4.00),
        jsonb_build_object('product_id', (:p + 1)::int, 'product_name', 'Load product ' || (:p + 1)::int, 'category_id', 2,
          'category_name', 'Load 2', 'quantity', 1, 'unit_price', 12.00, 'unit_cost', 5.00),
        jsonb_build_object('product_id', (:p + 2)::int, 'product_name', 'Load product ' || (:p + 2)::int, 'category_id', 3,
          'category_name', 'Load 0', 'quantity', 1, 'unit_price', 13.00, 'unit_cost', 6.00)))), '{}'::jsonb
  from gen_random_uuid() as id;
commit;

-- order's relay (order.executed)
\set relay random(1, :relay_every)
\if :relay = 1
update orders.outbox o set claimed_until = now() + make_interval(secs => 5)
  from (
    select id from orders.outbox
    where published_at is null and (claimed_until is null or claimed_until < now())
      and not (id = any('{}'::bigint[]))
    order by bulk, id limit 500
    for update skip locked) claimed
  where o.id = claimed.id
  returning o.id, o.message_id, o.routing_key, o.payload::text as body, o.headers, o.payload->>'source' as source;
update orders.outbox set claimed_until = null, published_at = now()
  where id = any(array(select id from orders.outbox where published_at is null and claimed_until > now() order by id limit 500));
\endif

-- the execute's answer: execute-order.ts awaitOutcome reads the order once notified (findOrder)
select o.id, o.user_id, o.status, o.location, o.country_code, o.total, o.rejection,
    o.created_at, o.updated_at, o.executed_at, o.cancelled_at, o.restocked_at,
    coalesce((
      select json_agg(json_build_object(
        'product_id', i.product_id, 'product_name', i.product_name, 'quantity', i.quantity,
        'unit_price', i.unit_price, 'line_total', i.quantity * i.unit_price) order by i.product_id)
      from orders.order_items i where i.order_id = o.id), '[]') as items
  from orders.orders o where o.id = :order_id;

-- 5. order.executed → analytics ingest (analytics: event-consumer.ts + record-sale.ts) -------------
begin;
insert into analytics.inbox (message_id, type)
  select * from unnest(array[gen_random_uuid()]::uuid[], array['order.executed']::text[])
  on conflict do nothing
  returning message_id;
-- ledger-lock.repository.ts lockSalesLedger
select pg_advisory_xact_lock(4201004);
-- sales.repository.ts countSaleOnce: claim the order, its facts, its day's aggregates
with claimed as (
  insert into analytics.orders (order_id, status, executed_at) values (:order_id, 'executed', now())
  on conflict (order_id) do nothing
  returning order_id, executed_at
), line as (
  select claimed.order_id, claimed.executed_at, item.*
  from claimed cross join unnest(
    array[:p, :p + 1, :p + 2]::int[], array[1, 2, 3]::int[],
    array['Load product ' || :p, 'Load product ' || :p + 1, 'Load product ' || :p + 2]::text[],
    array['Load 1', 'Load 2', 'Load 0']::text[], array[1, 1, 1]::int[],
    array[11.00, 12.00, 13.00]::numeric[], array[4.00, 5.00, 6.00]::numeric[]
  ) with ordinality as item (product_id, category_id, product_name, category_name, quantity,
    unit_price, unit_cost, position)
), fact as (
  insert into analytics.sales (order_id, product_id, category_id, product_name, category_name, quantity,
    unit_price, unit_cost, revenue, cost, executed_at)
  select order_id, product_id, (array_agg(category_id order by position))[1],
    (array_agg(product_name order by position))[1], (array_agg(category_name order by position))[1],
    sum(quantity), (array_agg(unit_price order by position))[1], (array_agg(unit_cost order by position))[1],
    sum(quantity * unit_price), sum(quantity * unit_cost), executed_at
  from line group by order_id, executed_at, product_id
  returning (executed_at at time zone 'UTC')::date as day, category_id, product_id, quantity, revenue, cost
), per_product as (
  insert into analytics.daily_product_sales as total (day, category_id, product_id, quantity, revenue, cost)
  select day, category_id, product_id, quantity, revenue, cost from fact
  on conflict (day, category_id, product_id) do update set
    quantity = total.quantity + excluded.quantity,
    revenue = total.revenue + excluded.revenue,
    cost = total.cost + excluded.cost
), per_day as (
  insert into analytics.daily_sales as total (day, orders, quantity, revenue, cost)
  select day, 1, sum(quantity), sum(revenue), sum(cost) from fact group by day
  on conflict (day) do update set
    orders = total.orders + 1,
    quantity = total.quantity + excluded.quantity,
    revenue = total.revenue + excluded.revenue,
    cost = total.cost + excluded.cost
)
select exists (select 1 from claimed) as counted;
-- names.repository.ts recordSoldNames
with line as (
  select * from unnest(
    array[:p, :p + 1, :p + 2]::int[],
    array['Load product ' || :p, 'Load product ' || :p + 1, 'Load product ' || :p + 2]::text[],
    array[1, 2, 3]::int[], array['Load 1', 'Load 2', 'Load 0']::text[]
  ) as line (product_id, product_name, category_id, category_name)
), category as (
  insert into analytics.categories as known (category_id, sold_as)
  select distinct on (category_id) category_id, category_name from line order by category_id
  on conflict (category_id) do update set sold_as = excluded.sold_as
    where known.sold_as is distinct from excluded.sold_as
)
insert into analytics.products as known (product_id, sold_as)
select distinct on (product_id) product_id, product_name from line order by product_id
on conflict (product_id) do update set sold_as = excluded.sold_as
  where known.sold_as is distinct from excluded.sold_as;
commit;
