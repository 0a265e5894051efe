-- The notification names the writing process (its sessions' `shop.instance`, see createSql): each
-- replica's relay wakes for its own commits only, instead of every relay claiming on every commit.
-- A session of no process (a script, psql) sends '' and wakes them all.
create or replace function outbox_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify(tg_table_schema || '_outbox', coalesce(current_setting('shop.instance', true), ''));
  return null;
end $$;
