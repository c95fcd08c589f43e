-- Why a user's tokens were last revoked: an account deletion (its sockets close with 4403 "account deleted"), or
-- something the user recovers from by signing in again (a demotion, a password reset or change, signing out
-- everywhere: 4401 "token revoked"). Until now a row without a local account meant a deletion; users of other
-- issuers can now revoke their tokens without deleting anything.
alter table revoked_users add column account_deleted boolean default false not null;
update revoked_users set account_deleted = true
where not exists (select 1 from users where users.id = revoked_users.user_id);
