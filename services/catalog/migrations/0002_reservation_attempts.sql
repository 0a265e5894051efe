-- A reservation remembers the order's execution attempt it answers, so a re-sent request of that attempt
-- gets the same answer, an older attempt's request takes nothing, and an abandoned attempt is given back.
alter table stock_reservations add column attempt integer;

alter table stock_reservations drop constraint stock_reservations_status_check;
alter table stock_reservations add constraint stock_reservations_status_check
  check (status in ('reserved', 'rejected', 'abandoned', 'released', 'cancelled'));
