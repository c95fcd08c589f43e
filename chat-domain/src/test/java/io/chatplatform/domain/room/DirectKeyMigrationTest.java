package io.chatplatform.domain.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.MigrationDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migration V8 rewrites the DIRECT keys stored before it (the sorted pair joined by a newline) into
 * {@link Room#directKey}'s form, so every existing conversation is still found by its pair: a database is
 * migrated up to V5, given rooms the way the old code stored them, then migrated to the end.
 */
class DirectKeyMigrationTest {

    /** A stored DIRECT room: who created it, the other user, and who is still a member. */
    record OldRoom(String createdBy, String other, List<String> members) {
    }

    static final List<OldRoom> ROOMS = List.of(
            new OldRoom("alice", "bob", List.of("alice", "bob")),
            new OldRoom("zed", "carl", List.of("zed", "carl")),
            new OldRoom("erin", "dave", List.of("erin")),
            new OldRoom("frank", "gus", List.of("gus")),
            new OldRoom("x|y", "z\\", List.of("x|y")),
            new OldRoom("a", "b\nc", List.of("a", "b\nc")),
            new OldRoom("\na\n", "a\n", List.of("\na\n", "a\n")),
            new OldRoom("\u00fc\uD83D\uDE00", "\uD83D\uDE00", List.of("\u00fc\uD83D\uDE00")),
            new OldRoom("back\\slash", "bar|", List.of("bar|")));

    /** The database to migrate; a fresh one per call. */
    MigrationDatabase freshDatabase() {
        return MigrationDatabase.h2();
    }

    @Test
    void existingDirectRoomsAreFoundByTheirPairAfterTheMigration() {
        MigrationDatabase database = freshDatabase();
        database.migrateTo("5");
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        Map<Long, OldRoom> byId = new LinkedHashMap<>();
        long id = 1;
        for (OldRoom room : ROOMS) {
            jdbc.update("insert into rooms (id, name, type, created_by, created_at, direct_key) "
                    + "values (?, 'dm', 'DIRECT', ?, current_timestamp, ?)", id, room.createdBy(),
                    oldKey(room.createdBy(), room.other()));
            for (String member : room.members()) {
                jdbc.update("insert into memberships (room_id, user_id, role, joined_at) "
                        + "values (?, ?, 'MEMBER', current_timestamp)", id, member);
            }
            byId.put(id++, room);
        }
        jdbc.update("insert into rooms (id, name, type, created_by, created_at) "
                + "values (?, 'group', 'GROUP', 'alice', current_timestamp)", id);

        database.migrate();

        List<String> mismatches = new ArrayList<>();
        byId.forEach((roomId, room) -> {
            String expected = Room.directKey(room.createdBy(), room.other());
            List<Long> found = jdbc.queryForList("select id from rooms where direct_key = ?", Long.class, expected);
            if (!found.equals(List.of(roomId))) {
                mismatches.add(room + " -> " + found + ", stored "
                        + jdbc.queryForObject("select direct_key from rooms where id = ?", String.class, roomId));
            }
        });
        assertThat(mismatches).isEmpty();
        assertThat(jdbc.queryForObject("select direct_key from rooms where id = ?", String.class, id)).isNull();
    }

    /** How the code before V8 keyed a pair. */
    static String oldKey(String oneUser, String otherUser) {
        return oneUser.compareTo(otherUser) <= 0 ? oneUser + "\n" + otherUser : otherUser + "\n" + oneUser;
    }
}
