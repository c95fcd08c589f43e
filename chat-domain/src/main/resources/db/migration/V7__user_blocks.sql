-- Runs unchanged on H2 (embedded default) and PostgreSQL (production).

-- blocker_id has blocked blocked_id: blocked_id may not add blocker_id to rooms nor see their presence, and their
-- DIRECT room is closed to both. Neither id needs a local account, as with memberships.
create table user_blocks (
    blocker_id varchar(128) not null,
    blocked_id varchar(128) not null,
    created_at timestamp with time zone not null,
    primary key (blocker_id, blocked_id)
);

-- "Who blocked this user" (adding members, typing, presence listings), besides the key's "whom did this user block".
create index user_blocks_blocked_idx on user_blocks (blocked_id);

-- chat.rooms.max-created-rooms counts the rooms a user created that still exist.
create index rooms_created_by_idx on rooms (created_by);
