package io.chatplatform.domain.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * A room's history read straight from the message rows into {@link MessageView}s, as {@link Message#view()} would
 * make them (and the seq a node's delivery starts a room after): plain SQL of fixed shapes, no entities to track.
 * Every reconnecting client reads a page here; through JPA, the entity manager and transaction around each small
 * page cost more CPU than the query.
 */
final class HistoryRows {

    private static final String SELECT = "select room_id, id, seq, sender_id, client_msg_id, body, sent_at, "
            + "edited_at, deleted_at, rev, thread_id, attributes, reply_count, last_reply_at, last_repliers "
            + "from messages";
    private static final String COLUMNS = SELECT + " where room_id = ? and seq > ? and seq < ?";
    private static final String FORWARD = COLUMNS + " order by seq asc fetch first ? rows only";
    private static final String BACKWARD = COLUMNS + " order by seq desc fetch first ? rows only";
    private static final String MAIN_FORWARD = COLUMNS
            + " and thread_id is null order by seq asc fetch first ? rows only";
    private static final String MAIN_BACKWARD = COLUMNS
            + " and thread_id is null order by seq desc fetch first ? rows only";
    private static final String FORWARD_UP_TO_REV = COLUMNS + " and rev <= ? order by seq asc fetch first ? rows only";
    private static final String ONE = SELECT + " where id = ? and room_id = ?";
    private static final String REPLIES = SELECT
            + " where thread_id = ? and seq > ? order by seq asc fetch first ? rows only";
    private static final String LAST_SEQ_SENT_BEFORE = "select seq from messages where room_id = ? and sent_at < ? "
            + "order by seq desc fetch first 1 rows only";

    private static final RowMapper<MessageView> VIEW = HistoryRows::view;

    private final JdbcTemplate jdbc;

    HistoryRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * At most {@code limit} messages with {@code after < seq < before}: the oldest of them in ascending {@code seq}
     * when {@code forward}, else the newest in descending {@code seq}; thread replies only {@code withReplies}.
     */
    List<MessageView> read(Long roomId, long after, long before, int limit, boolean forward, boolean withReplies) {
        String sql = withReplies ? (forward ? FORWARD : BACKWARD) : (forward ? MAIN_FORWARD : MAIN_BACKWARD);
        return jdbc.query(sql, VIEW, roomId, after, before, limit);
    }

    /**
     * At most {@code limit} of a room's messages after {@code afterSeq} up to rev {@code upToRev}, in seq order,
     * which is also their rev order (both are taken together under the room's row lock), through the index on
     * (room_id, seq): what a SYNC by rev carries besides the logged changes.
     */
    List<MessageView> readUpToRev(Long roomId, long afterSeq, long upToRev, int limit) {
        return jdbc.query(FORWARD_UP_TO_REV, VIEW, roomId, afterSeq, Long.MAX_VALUE, upToRev, limit);
    }

    /** Message {@code id} if it is in room {@code roomId}. */
    Optional<MessageView> one(Long roomId, Long id) {
        return jdbc.query(ONE, VIEW, id, roomId).stream().findFirst();
    }

    /**
     * At most {@code limit} replies in the thread of message {@code rootId} after {@code afterSeq}, oldest first,
     * through the index on (thread_id, seq).
     */
    List<MessageView> replies(Long rootId, long afterSeq, int limit) {
        return jdbc.query(REPLIES, VIEW, rootId, afterSeq, limit);
    }

    /**
     * The newest seq of a room among the messages sent before {@code before} (0 when none), walking the room's
     * {@code (room_id, seq)} index from its newest row: it stops at the first row old enough, where {@code max(seq)}
     * over a time filter would visit every message the room ever had.
     */
    long lastSeqSentBefore(Long roomId, Instant before) {
        List<Long> found = jdbc.queryForList(LAST_SEQ_SENT_BEFORE, Long.class, roomId,
                OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
        return found.isEmpty() ? 0 : found.get(0);
    }

    private static MessageView view(ResultSet row, int rowNum) throws SQLException {
        return new MessageView(row.getLong(1), row.getLong(2), row.getLong(3), row.getString(4), row.getString(5),
                row.getString(6), instant(row, 7), instant(row, 8), instant(row, 9), row.getLong(10),
                row.getObject(11, Long.class), row.getString(12),
                ThreadRepliers.summary(row.getInt(13), instant(row, 14), row.getString(15)), null);
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
