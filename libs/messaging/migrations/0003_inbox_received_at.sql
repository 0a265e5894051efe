-- Retention deletes inbox ids by age in small batches; this index finds them without a scan.
create index inbox_received_at on inbox (received_at);
