-- Runs unchanged on H2 (embedded default) and PostgreSQL (production).

-- Every user id the server has seen on a verified token. A user id needs no local account, so without this a
-- stranger could register the name of someone who so far only used another issuer's tokens, and inherit their rooms
-- and notifications. Registration refuses ids listed here (besides members, notification recipients and deleted
-- accounts, which their own tables show).
create table seen_user_ids (
    user_id       varchar(128) primary key,
    first_seen_at timestamp with time zone not null
);

-- Ids that acted before this table existed: whoever sent a message or created a room had a verified token.
insert into seen_user_ids (user_id, first_seen_at)
select user_id, current_timestamp from (
    select sender_id as user_id from messages
    union
    select created_by as user_id from rooms
) acted;
