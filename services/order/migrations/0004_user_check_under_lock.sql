-- Creating an order is one statement: it takes the user's advisory lock shared (the user.deleted
-- handler takes it exclusively) and only then asks whether auth deleted the user. A VOLATILE function
-- runs each of its queries with a fresh snapshot, so the question sees a deletion committed while the
-- statement waited for the lock, which the statement's own snapshot (taken before) would not. It keeps
-- the schema it was created in as its search_path, whoever calls it.
create function user_deleted_under_shared_lock(lock_key integer, deleted_user_id integer)
returns boolean language plpgsql volatile set search_path from current as $$
begin
  perform pg_advisory_xact_lock_shared(lock_key, deleted_user_id);
  return exists (select 1 from deleted_users where user_id = deleted_user_id);
end $$;
