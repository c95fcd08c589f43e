package io.chatplatform.domain.room;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Who hears of a user's presence: everyone who shares a room of at most {@code maxRoomSize} members with the user,
 * except the user and those the user has blocked.
 * <p>
 * One plain SQL statement outside any transaction, for any number of users: this runs for every connect and
 * disconnect, and a node's restart brings thousands of them at once. A JPA query in a read-only transaction per user
 * cost as much CPU as the handshake itself; one statement per user still kept the database's query engine among the
 * hottest code of a reconnect storm. It reads {@code user_blocks}, the contact package's table, because "not to
 * those I blocked" is part of the answer and a second round trip for it is what this class exists to avoid.
 */
@Component
public class PresenceAudience {

    /**
     * The users' memberships of small enough rooms first, then their rooms' other members: with the size condition
     * on the joined rows instead, H2 counted a room's members again for every member it joined (a connect storm's
     * hottest query plan; this form costs half as much there, and PostgreSQL plans both alike).
     */
    private static final String AUDIENCE = """
            select distinct mine.user_id, other.user_id
              from (select m.user_id, m.room_id from memberships m
                     where m.user_id = any (?)
                       and (select count(*) from memberships c where c.room_id = m.room_id) <= ?) mine
              join memberships other on other.room_id = mine.room_id
             where other.user_id <> mine.user_id
               and not exists (select 1 from user_blocks b
                                where b.blocker_id = mine.user_id and b.blocked_id = other.user_id)""";

    private final JdbcTemplate jdbc;

    PresenceAudience(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * The users to tell when each of {@code userIds} comes online or goes offline, in one statement: every user given
     * is a key, with an empty list when nobody is to be told.
     */
    public Map<String, List<String>> of(Collection<String> userIds, int maxRoomSize) {
        Map<String, List<String>> audiences = new LinkedHashMap<>();
        userIds.forEach(userId -> audiences.put(userId, new ArrayList<>()));
        if (!audiences.isEmpty()) {
            String[] ids = audiences.keySet().toArray(String[]::new);
            jdbc.query(connection -> {
                PreparedStatement statement = connection.prepareStatement(AUDIENCE);
                statement.setArray(1, connection.createArrayOf("VARCHAR", ids));
                statement.setInt(2, maxRoomSize);
                return statement;
            }, (RowCallbackHandler) row -> audiences.get(row.getString(1)).add(row.getString(2))); // pairs are distinct
        }
        return audiences;
    }
}
