-- Bumped in the same transaction as every membership change. Posting locks the room row, so each message carries
-- the membership version it was posted under, and nodes with an older cached member list reload it first.
alter table rooms add column membership_version bigint default 0 not null;
