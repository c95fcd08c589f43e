package io.chatplatform.domain.change;

import io.chatplatform.domain.common.DomainException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Numbers and keeps the changes of rooms. A change takes the room's next {@code rev} under the room's row lock, in
 * the transaction that makes the change, so revs are gap-free and commit in order, on any number of nodes (posting
 * numbers messages from the same counter under the same lock).
 *
 * <p>Every rev of a room is either a message's, which also takes the room's next {@code seq}, or a change logged here,
 * which records the room's last seq at its rev ({@code last_seq}); that is what lets {@link #lastSeqAt} say which
 * messages came after a rev without an index of messages by rev. Whoever takes a rev stores a message or a change
 * under it, in the same transaction.
 *
 * <p>Lock order: a transaction that changes a room takes the room's row lock ({@link #lock}) before it writes any
 * message or membership row of that room, as posting does; taking them the other way round could deadlock with a
 * post (a thread reply updates its root under the room lock).
 */
@Component
public class RoomChangeLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INSERT = "insert into room_changes (room_id, rev, last_seq, kind, message_id, payload, "
            + "changed_at) values (?, ?, ?, ?, ?, ?, ?)";
    private static final String READ = "select rev, kind, message_id, payload, changed_at from room_changes "
            + "where room_id = ? and rev > ? and rev <= ? order by rev";
    private static final String LAST_CHANGE_UP_TO = "select rev, last_seq from room_changes "
            + "where room_id = ? and rev <= ? order by rev desc fetch first 1 rows only";

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RoomChangeLog(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Takes the room's row lock until the transaction ends; call it before writing any row of the room.
     *
     * @return the room's rev, or -1 when there is no such room
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long lock(Long roomId) {
        List<Long> revs = jdbc.queryForList("select last_rev from rooms where id = ? for update", Long.class, roomId);
        return revs.isEmpty() ? -1 : revs.get(0);
    }

    /**
     * Logs a change that the room's members hear of: those of the membership version the room has as the change
     * takes its rev, so that no node tells it to a member whose removal committed before it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public RoomChange record(Long roomId, ChangeKind kind, Long messageId, Map<String, ?> fields) {
        return record(roomId, kind, messageId, fields, RoomChanged.ANY_VERSION, null);
    }

    /**
     * Logs a change under the next rev of the room and announces it ({@link RoomChanged}).
     *
     * @param fields            what clients are told besides type, roomId and rev, in the order they are told it;
     *                          instants are written as ISO-8601 text, as frames write them
     * @param membershipVersion the membership version the change made (its audience), or {@link RoomChanged#ANY_VERSION}
     *                          for the room's membership version as the change takes its rev
     * @param alsoTo            a user who hears of it besides the members, or null
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public RoomChange record(Long roomId, ChangeKind kind, Long messageId, Map<String, ?> fields,
            long membershipVersion, String alsoTo) {
        requireLogged(kind);
        if (jdbc.update("update rooms set last_rev = last_rev + 1 where id = ?", roomId) == 0) {
            throw DomainException.notFound("room " + roomId + " does not exist");
        }
        long[] counters = jdbc.queryForObject("select last_rev, last_seq, membership_version from rooms where id = ?",
                (room, i) -> new long[] {room.getLong(1), room.getLong(2), room.getLong(3)}, roomId);
        RoomChange change = newChange(roomId, counters[0], kind, messageId, fields);
        jdbc.update(INSERT, row(change, counters[1]));
        events.publishEvent(new RoomChanged(change, Math.max(membershipVersion, counters[2]), alsoTo));
        return change;
    }

    /**
     * Changes that the caller numbers itself, under the row locks of their rooms that it holds and with the counters
     * it writes back (posting does, for the thread summaries its replies change): one JDBC batch stores them all. Use
     * it in one transaction.
     */
    public Batch batch() {
        return new Batch();
    }

    /**
     * Changes that the caller numbered itself, stored together by {@link #insert}. Each is announced as it is
     * appended (listeners act after the commit), so announcements keep the order in which the caller numbered
     * them, among the caller's own events.
     */
    public final class Batch {

        private final List<Object[]> rows = new ArrayList<>();

        private Batch() {
        }

        /**
         * @param lastSeq           the room's last message seq as of {@code rev} (the number of its messages so
         *                          far), which {@link #lastSeqAt} answers from
         * @param membershipVersion the room's membership version under the lock the caller holds: the change's
         *                          audience
         */
        public RoomChange append(Long roomId, long rev, long lastSeq, long membershipVersion, ChangeKind kind,
                Long messageId, Map<String, ?> fields) {
            requireLogged(kind);
            RoomChange change = newChange(roomId, rev, kind, messageId, fields);
            rows.add(row(change, lastSeq));
            events.publishEvent(new RoomChanged(change, membershipVersion, null));
            return change;
        }

        /** Stores what was appended since the last insert, in one JDBC batch, in the transaction of the appends. */
        public void insert() {
            if (rows.isEmpty()) {
                return;
            }
            jdbc.batchUpdate(INSERT, rows);
            rows.clear();
        }
    }

    /**
     * The users who left the room (or were removed) after {@code afterRev}: with its current members, everyone who
     * was a member at that rev or joined since.
     */
    @Transactional(readOnly = true)
    public List<String> leftAfter(Long roomId, long afterRev) {
        List<String> left = new ArrayList<>();
        for (String payload : jdbc.queryForList("select payload from room_changes where room_id = ? and rev > ? "
                + "and kind = ?", String.class, roomId, afterRev, ChangeKind.MEMBER_LEFT.name())) {
            String userId = JSON.readTree(payload).path("userId").asString(null);
            if (userId != null) {
                left.add(userId);
            }
        }
        return left;
    }

    /** The room's rev now: the number of its last change. */
    @Transactional(readOnly = true)
    public long lastRev(Long roomId) {
        List<Long> revs = jdbc.queryForList("select last_rev from rooms where id = ?", Long.class, roomId);
        if (revs.isEmpty()) {
            throw DomainException.notFound("room " + roomId + " does not exist");
        }
        return revs.get(0);
    }

    /**
     * The room's last message seq as of {@code rev}: every message with a higher rev has a higher seq, and every
     * message with a higher seq a higher rev. From the last change logged at or before {@code rev}, the revs after it
     * up to {@code rev} are all messages', each one seq more; before the first change, rev and seq went together.
     */
    @Transactional(readOnly = true)
    public long lastSeqAt(Long roomId, long rev) {
        List<Long> found = jdbc.query(LAST_CHANGE_UP_TO,
                (change, i) -> change.getLong("last_seq") + (rev - change.getLong("rev")), roomId, rev);
        return found.isEmpty() ? rev : found.get(0);
    }

    /** The logged changes with {@code afterRev < rev <= upToRev}, in rev order, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<RoomChange> read(Long roomId, long afterRev, long upToRev, int limit) {
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement(READ);
            statement.setLong(1, roomId);
            statement.setLong(2, afterRev);
            statement.setLong(3, upToRev);
            statement.setMaxRows(limit);
            return statement;
        }, (row, i) -> {
            long messageId = row.getLong(3);
            Long aboutMessage = row.wasNull() ? null : messageId;
            Timestamp changedAt = row.getTimestamp(5);
            return new RoomChange(roomId, row.getLong(1), ChangeKind.valueOf(row.getString(2)), aboutMessage,
                    row.getString(4), changedAt.toInstant());
        });
    }

    private static void requireLogged(ChangeKind kind) {
        if (kind == ChangeKind.MESSAGE) {
            throw new IllegalArgumentException("messages are numbered by posting, not logged here");
        }
    }

    /** A change numbered {@code rev}, its fields written as frames write them, stamped now. */
    private RoomChange newChange(Long roomId, long rev, ChangeKind kind, Long messageId, Map<String, ?> fields) {
        return new RoomChange(roomId, rev, kind, messageId, JSON.writeValueAsString(asWritten(fields)),
                clock.instant());
    }

    /** The parameters of {@link #INSERT} for a change. */
    private static Object[] row(RoomChange change, long lastSeq) {
        return new Object[] {change.roomId(), change.rev(), lastSeq, change.kind().name(), change.messageId(),
                change.fields(), change.changedAt().atOffset(ZoneOffset.UTC)};
    }

    private static Map<String, Object> asWritten(Map<String, ?> fields) {
        Map<String, Object> written = new LinkedHashMap<>(fields.size() * 2);
        fields.forEach((name, value) -> {
            if (value != null) { // frames leave out what is null
                written.put(name, value instanceof TemporalAccessor ? value.toString() : value);
            }
        });
        return written;
    }
}
