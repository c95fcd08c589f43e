-- A thread summary names its last three repliers as a JSON array. A user id is up to 128 characters, and JSON writes
-- a control character as six (\u0001), so three ids can take 3 * (128 * 6 + 2) + 4 = 2,314 characters: more than
-- the 1,024 of V9, which refused a reply with INTERNAL. Runs unchanged on H2 and PostgreSQL.
alter table messages alter column last_repliers set data type varchar(4096);
