-- Retention finds expired throttling windows and ended sessions by age without a scan.
create index login_attempts_window_started_at on login_attempts (window_started_at);
create index sessions_expires_at on sessions (expires_at);
