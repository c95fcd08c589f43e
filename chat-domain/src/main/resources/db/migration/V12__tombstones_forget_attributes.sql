-- A deleted message forgets what it said: its body was cleared on delete, its attributes were kept until now.
update messages set attributes = null where deleted_at is not null and attributes is not null;
