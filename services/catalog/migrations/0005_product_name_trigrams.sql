-- GET /products?q= (public, anonymous) is a case-insensitive substring match (name ilike '%…%'): without
-- this index a search matching few products walks every active one (issue 13). A trigram index answers
-- patterns of 3 characters or more from the index; pg_trgm is a trusted extension (PostgreSQL 13+), so
-- the database owner may create it. An existing install in another schema is used where it is.
create extension if not exists pg_trgm;
do $$
begin
  execute format(
    'create index products_name_trigrams on products using gin (name %I.gin_trgm_ops) where active',
    (select extnamespace::regnamespace::text from pg_extension where extname = 'pg_trgm'));
end
$$;
