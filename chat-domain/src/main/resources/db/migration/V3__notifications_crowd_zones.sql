-- Runs unchanged on H2 (embedded default) and PostgreSQL (production).

-- Stored notifications: kept until their user marks them read, so a push lost to a restart or a closed socket
-- is replayed on the next /ws/notify connect.
create sequence notifications_seq start with 1 increment by 50;

create table notifications (
    id         bigint primary key,
    user_id    varchar(128)   not null,
    kind       varchar(64)    not null,
    payload    varchar(65536) not null,
    created_at timestamp with time zone not null,
    read_at    timestamp with time zone
);

-- Serves both the replay (a user's unread, oldest first) and the listing (a user's newest first).
create index notifications_user_created_idx on notifications (user_id, created_at);

-- Crowd zones: circles whose live head count is kept in memory, never here.
create sequence crowd_zones_seq start with 1 increment by 50;

create table crowd_zones (
    id            bigint primary key,
    name          varchar(200)     not null,
    lat           double precision not null,
    lng           double precision not null,
    radius_meters double precision not null,
    threshold     integer          not null,
    created_at    timestamp with time zone not null
);
