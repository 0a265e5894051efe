-- Registrations per 'ip:<address>' in an hourly window, shared by replicas (POST /users/add throttle).
create table registration_attempts (
  key text primary key,
  window_started_at timestamptz not null,
  attempts integer not null
);
create index registration_attempts_window_started_at on registration_attempts (window_started_at);
