-- Runs unchanged on H2 (embedded default) and PostgreSQL (production).

create table users (
    id            varchar(128) primary key,
    password_hash varchar(100) not null,
    role          varchar(16)  not null,
    created_at    timestamp with time zone not null
);

create sequence rooms_seq start with 1 increment by 50;

create table rooms (
    id         bigint primary key,
    name       varchar(200) not null,
    type       varchar(16)  not null,
    last_seq   bigint       not null default 0,
    created_by varchar(128) not null,
    created_at timestamp with time zone not null
);

create table memberships (
    room_id       bigint       not null references rooms (id) on delete cascade,
    user_id       varchar(128) not null,
    role          varchar(16)  not null,
    joined_at     timestamp with time zone not null,
    last_read_seq bigint       not null default 0,
    primary key (room_id, user_id)
);

create index memberships_user_idx on memberships (user_id);

create sequence messages_seq start with 1 increment by 50;

create table messages (
    id            bigint primary key,
    room_id       bigint        not null references rooms (id) on delete cascade,
    seq           bigint        not null,
    sender_id     varchar(128)  not null,
    client_msg_id varchar(128)  not null,
    body          varchar(65536) not null,
    sent_at       timestamp with time zone not null,
    constraint messages_room_seq_uq unique (room_id, seq),
    constraint messages_client_msg_uq unique (room_id, sender_id, client_msg_id)
);
