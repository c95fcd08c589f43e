-- THREAD_UPDATED names its root as threadId too, as the client contract has it (until now only as messageId).
update room_changes set payload = '{"threadId":' || cast(message_id as varchar(20)) || ',' || substring(payload from 2)
where kind = 'THREAD_UPDATED' and payload like '{"messageId":%';
