-- A deleted account: tokens issued before revoked_at are refused, whoever issued them.
create table revoked_users (
    user_id    varchar(128) primary key,
    revoked_at timestamp with time zone not null
);
