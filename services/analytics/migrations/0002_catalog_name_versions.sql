-- Names from catalog keep the catalog version they came with (0: none yet, or an event written before
-- catalog counted versions): a change older than or equal to it is ignored, so an old name arriving
-- late cannot overwrite a newer one, and a removal handled first stays a removal.
alter table products add column catalog_version bigint not null default 0;
alter table categories add column catalog_version bigint not null default 0;
