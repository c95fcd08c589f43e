-- The room change log (rev), threads, reactions and structured messages. Runs unchanged on H2 and PostgreSQL.

-- Every change of a room's visible state takes the next rev under the room's row lock, like seq for messages.
alter table rooms add column last_rev bigint default 0 not null;

-- A message's rev is the room's rev its posting made; the message row itself is the log entry of a MESSAGE change.
-- Messages stored before this migration take rev = seq, which keeps every room's revs gap-free: until now only
-- posts were numbered.
alter table messages add column rev bigint;
update messages set rev = seq;
update rooms set last_rev = last_seq;
alter table messages alter column rev set not null;
create index messages_room_rev_idx on messages (room_id, rev);

-- Threads: a reply names its root (a message of the same room without thread_id); the root keeps a summary.
alter table messages add column thread_id bigint;
alter table messages add column reply_count integer default 0 not null;
alter table messages add column last_reply_at timestamp with time zone;
-- The latest repliers, newest first, as a JSON array of at most 3 user ids.
alter table messages add column last_repliers varchar(1024);
create index messages_thread_idx on messages (thread_id, seq);

-- Structured messages: an application's JSON object, stored as text (bounded by MessageProperties).
alter table messages add column attributes varchar(16384);

-- Every other change (edit, deletion, reaction, thread summary, membership, rename) as the frame fields clients
-- received live, so that SYNC by rev replays exactly those frames.
create table room_changes (
    room_id    bigint       not null references rooms (id) on delete cascade,
    rev        bigint       not null,
    kind       varchar(32)  not null,
    message_id bigint,
    payload    varchar(100000) not null,
    changed_at timestamp with time zone not null,
    primary key (room_id, rev)
);

create table message_reactions (
    message_id bigint       not null references messages (id) on delete cascade,
    emoji      varchar(64)  not null,
    user_id    varchar(128) not null,
    room_id    bigint       not null,
    reacted_at timestamp with time zone not null,
    primary key (message_id, emoji, user_id)
);
create index message_reactions_room_idx on message_reactions (room_id, message_id);
