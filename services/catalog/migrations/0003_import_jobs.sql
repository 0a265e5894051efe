-- Bulk import jobs (async=true), kept in the database so any replica answers for them and a job
-- whose replica stopped is seen to have stopped: a queued or running job's updated_at is touched
-- every few seconds by the replica running it, and one left untouched reads as interrupted.
create table import_jobs (
  job_id uuid primary key,
  status text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'interrupted')),
  processed_rows integer not null default 0,
  written_rows integer not null default 0,
  report jsonb,
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index import_jobs_finished on import_jobs (updated_at) where status not in ('queued', 'running');
