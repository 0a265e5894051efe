-- Schema "auth" (the runner sets search_path): accounts, sessions and login throttling.

create table users (
  id bigint generated always as identity primary key,
  email text not null,
  password_hash text not null,
  full_name text not null,
  role text not null default 'customer' check (role in ('customer', 'admin')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
-- An email belongs to one active account, compared case-insensitively; deleting frees it.
create unique index users_active_email on users (lower(email)) where deleted_at is null;
create index users_deleted on users (deleted_at) where deleted_at is not null;

-- One row per login; the refresh token is stored as the SHA-256 of the current one only.
create table sessions (
  id uuid primary key,
  user_id bigint not null references users (id),
  refresh_token_hash text not null,
  created_at timestamptz not null default now(),
  last_refreshed_at timestamptz,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text check (
    revoked_reason in ('logout', 'refresh_token_reuse', 'password_change', 'role_change', 'user_deleted')
  )
);
create index sessions_live_by_user on sessions (user_id) where revoked_at is null;
create index sessions_revoked on sessions (revoked_at) where revoked_at is not null;

-- Login attempts per 'email:<lower(email)>' and per 'ip:<address>' in a fixed window, shared by replicas.
create table login_attempts (
  key text primary key,
  window_started_at timestamptz not null,
  attempts integer not null
);
