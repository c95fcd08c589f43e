-- SYNC by rev finds a room's new messages through (room_id, seq) instead of an index of its own. Every rev of a room
-- is either a message's (which also took the room's next seq) or a logged change's (a row here), and both counters
-- only grow under the room's row lock; so a change that records the room's last seq at its rev tells the last seq at
-- any later rev R up to the next change: last_seq + (R - rev). Runs unchanged on H2 and PostgreSQL.
alter table room_changes add column last_seq bigint;
update room_changes set last_seq = coalesce(
    (select max(m.seq) from messages m where m.room_id = room_changes.room_id and m.rev < room_changes.rev), 0);
alter table room_changes alter column last_seq set not null;

-- Each message row paid for this index on every post (a page of it rewritten per message and commit).
drop index messages_room_rev_idx;
