package io.chatplatform.domain.room;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who hears of a user's presence: everyone who shares a room of at most {@code maxRoomSize} members with the user,
 * except the user and those the user has blocked.
 * <p>
 * One plain SQL statement outside any transaction: this runs for every connect and disconnect (a connect storm
 * runs it thousands of times a second), where a JPA query in a read-only transaction cost as much CPU as the
 * handshake itself. It reads {@code user_blocks}, the contact package's table, because "not to those I blocked"
 * is part of the answer and a second round trip for it is what this class exists to avoid.
 */
@Component
public class PresenceAudience {

    private static final String AUDIENCE = """
            select distinct other.user_id from memberships mine
              join memberships other on other.room_id = mine.room_id
             where mine.user_id = ?
               and other.user_id <> mine.user_id
               and (select count(*) from memberships m where m.room_id = mine.room_id) <= ?
               and not exists (select 1 from user_blocks b
                                where b.blocker_id = mine.user_id and b.blocked_id = other.user_id)""";

    private final JdbcTemplate jdbc;

    PresenceAudience(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The users to tell when {@code userId} comes online or goes offline. */
    public List<String> of(String userId, int maxRoomSize) {
        return jdbc.queryForList(AUDIENCE, String.class, userId, maxRoomSize);
    }
}
