-- Runs unchanged on H2 (embedded default) and PostgreSQL (production).
--
-- A DIRECT room's key was its sorted pair of user ids joined by a newline. A user id may contain a newline, so
-- two different pairs could share a key ('a' with 'b\nc', 'a\nb' with 'c'), and one pair could open the other's
-- room. The key is now each id escaped ('\' as '\\', '|' as '\|') and the two joined by a bare '|' (see
-- Room.directKey). An escaped id is at most twice 128 characters, so the column widens.
alter table rooms alter column direct_key set data type varchar(600);

-- The pair is its creator (created_by) and the other user. The other is the member who is not the creator; if
-- that one has left, what the old key holds besides the creator: the creator is either its start or its end.
alter table rooms add column direct_other varchar(128);

update rooms set direct_other = (
    select min(m.user_id) from memberships m where m.room_id = rooms.id and m.user_id <> rooms.created_by)
where type = 'DIRECT' and direct_key is not null;

update rooms set direct_other = case
        when left(direct_key, char_length(created_by) + 1) = created_by || chr(10)
            then substring(direct_key from char_length(created_by) + 2)
        else left(direct_key, char_length(direct_key) - char_length(created_by) - 1)
    end
where type = 'DIRECT' and direct_key is not null and direct_other is null;

-- The old key already held the pair in the order the new one needs (String.compareTo).
update rooms set direct_key = case
        when direct_key = created_by || chr(10) || direct_other
            then replace(replace(created_by, '\', '\\'), '|', '\|') || '|'
                || replace(replace(direct_other, '\', '\\'), '|', '\|')
        else replace(replace(direct_other, '\', '\\'), '|', '\|') || '|'
                || replace(replace(created_by, '\', '\\'), '|', '\|')
    end
where type = 'DIRECT' and direct_key is not null;

alter table rooms drop column direct_other;
