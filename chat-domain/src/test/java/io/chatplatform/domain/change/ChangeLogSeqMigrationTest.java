package io.chatplatform.domain.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.MigrationDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migration V11 gives every change logged before it the room's last seq at its rev, which SYNC by rev now reads
 * instead of an index of messages by rev: a database is migrated up to V10, given rooms the way the code before V11
 * stored them (messages from before V9, with rev = seq, among them), then migrated to the end.
 */
class ChangeLogSeqMigrationTest {

    /** The database to migrate; a fresh one per call. */
    MigrationDatabase freshDatabase() {
        return MigrationDatabase.h2();
    }

    @Test
    void everyLoggedChangeLearnsTheLastSeqAtItsRev() {
        MigrationDatabase database = freshDatabase();
        database.migrateTo("10");
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        // room 1: messages at revs 1, 2 (from before V9: rev = seq), 4 and 7; changes at revs 3, 5 and 6
        room(jdbc, 1, 4, 7);
        message(jdbc, 1, 1, 1);
        message(jdbc, 1, 2, 2);
        change(jdbc, 1, 3);
        message(jdbc, 1, 3, 4);
        change(jdbc, 1, 5);
        change(jdbc, 1, 6);
        message(jdbc, 1, 4, 7);
        // room 2: a change before any message, then one message
        room(jdbc, 2, 1, 2);
        change(jdbc, 2, 1);
        message(jdbc, 2, 1, 2);
        // room 3: messages only
        room(jdbc, 3, 2, 2);
        message(jdbc, 3, 1, 1);
        message(jdbc, 3, 2, 2);

        database.migrate();

        List<List<Long>> changes = jdbc.query("select room_id, rev, last_seq from room_changes order by room_id, rev",
                (row, i) -> List.of(row.getLong(1), row.getLong(2), row.getLong(3)));
        assertThat(changes).containsExactly(
                List.of(1L, 3L, 2L), List.of(1L, 5L, 3L), List.of(1L, 6L, 3L), List.of(2L, 1L, 0L));
    }

    private static void room(JdbcTemplate jdbc, long id, long lastSeq, long lastRev) {
        jdbc.update("insert into rooms (id, name, type, last_seq, last_rev, created_by, created_at) "
                + "values (?, 'room', 'GROUP', ?, ?, 'alice', current_timestamp)", id, lastSeq, lastRev);
    }

    private static void message(JdbcTemplate jdbc, long roomId, long seq, long rev) {
        jdbc.update("insert into messages (id, room_id, seq, sender_id, client_msg_id, body, sent_at, rev) "
                + "values (?, ?, ?, 'alice', ?, 'hi', current_timestamp, ?)", roomId * 100 + seq, roomId, seq,
                "m-" + seq, rev);
    }

    private static void change(JdbcTemplate jdbc, long roomId, long rev) {
        jdbc.update("insert into room_changes (room_id, rev, kind, payload, changed_at) "
                + "values (?, ?, 'ROOM_UPDATED', '{}', current_timestamp)", roomId, rev);
    }
}
