-- A relay claims a batch of unpublished rows for a while instead of holding their row locks in a
-- transaction while it publishes: a claim is one statement, publishing holds nothing open, and the
-- rows of a relay that died mid-batch are claimable again once its claim runs out.
alter table outbox add column claimed_until timestamptz;
