-- Edits and deletions keep the message row (a tombstone), so seq stays gap-free for clients that SYNC.
alter table messages add column edited_at timestamp with time zone;
alter table messages add column deleted_at timestamp with time zone;

-- One DIRECT room per pair of users: the sorted pair, unique. NULL for GROUP rooms (NULLs never collide).
alter table rooms add column direct_key varchar(300);
alter table rooms add constraint rooms_direct_key_uq unique (direct_key);
