package io.chatplatform.domain.posting;

import io.chatplatform.domain.change.ChangeFields;
import io.chatplatform.domain.change.ChangeKind;
import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.message.ThreadRepliers;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The thread side of storing a batch of posts, under the room locks the batch holds: checks that a reply names a
 * root of its own room, counts it in the root's summary and logs the summary as {@code THREAD_UPDATED} under the rev
 * right after the reply's. Every writer of a summary holds its room's row lock, so a summary read here is the last
 * one committed and the counts stay exact under concurrent replies, on any number of nodes.
 *
 * <p>Cost: a batch without replies runs no statement here; one with replies runs one query for all the roots it
 * names and two JDBC batches (the roots' summaries, the changes), whatever the number of replies.
 *
 * <p>A deleted root still takes replies: deleting a message deletes that message, not the conversation under it
 * (its tombstone keeps anchoring the thread, whose replies stay readable and go on being delivered).
 */
@Component
class ThreadReplies {

    private static final String ROOTS = "select id, room_id, thread_id, reply_count, last_repliers from messages "
            + "where id = any (?)";
    private static final String SAVE_SUMMARY = "update messages set reply_count = ?, last_reply_at = ?, "
            + "last_repliers = ? where id = ?";

    private final JdbcTemplate jdbc;
    private final RoomChangeLog changeLog;

    ThreadReplies(JdbcTemplate jdbc, RoomChangeLog changeLog) {
        this.jdbc = jdbc;
        this.changeLog = changeLog;
    }

    /** Starts the thread bookkeeping of one batch: reads the messages its posts name as roots, if any. */
    Batch begin(Collection<Post> posts) {
        Set<Long> named = new LinkedHashSet<>();
        for (Post post : posts) {
            if (post.threadId() != null) {
                named.add(post.threadId());
            }
        }
        return new Batch(named.isEmpty() ? Map.of() : read(named));
    }

    private Map<Long, Root> read(Set<Long> ids) {
        Map<Long, Root> roots = new HashMap<>(ids.size() * 2);
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(ROOTS);
            statement.setArray(1, connection.createArrayOf("BIGINT", ids.toArray(Long[]::new)));
            return statement;
        }, (RowCallbackHandler) row -> {
            long threadId = row.getLong(3);
            Long replyTo = row.wasNull() ? null : threadId;
            Root root = new Root(row.getLong(1), row.getLong(2), replyTo, row.getInt(4),
                    ThreadRepliers.parse(row.getString(5)));
            roots.put(root.id, root);
        });
        return roots;
    }

    /** One batch's roots and what its replies did to them; used by one thread, in the batch's transaction. */
    final class Batch {

        private final Map<Long, Root> roots;
        private final Map<Long, Root> replied = new LinkedHashMap<>();
        private RoomChangeLog.Batch changes;

        private Batch(Map<Long, Root> roots) {
            this.roots = roots;
        }

        /**
         * Refuses a reply whose {@code threadId} is not a root of the room: NOT_FOUND when no message of the room
         * has that id (as for EDIT and DELETE of an unknown message), BAD_REQUEST when it is itself a reply.
         */
        void requireRoot(Long roomId, Long threadId) {
            Root root = roots.get(threadId);
            if (root == null || root.roomId != roomId) {
                throw DomainException.notFound("message " + threadId + " does not exist in room " + roomId);
            }
            if (root.threadId != null) {
                throw DomainException.badRequest("message " + threadId + " is a reply in the thread of message "
                        + root.threadId + "; reply to the root");
            }
        }

        /**
         * Counts a stored reply (its root checked by {@link #requireRoot}) in its root's summary, and logs the
         * summary as it now is under {@code rev}, which the caller takes right after the reply's (so the room's last
         * seq at that rev is the reply's), for the members of {@code membershipVersion}, the reply's own audience.
         */
        void replied(MessageView reply, long rev, long membershipVersion) {
            Root root = roots.get(reply.threadId());
            root.replyCount++;
            root.lastReplyAt = reply.sentAt();
            root.repliers = ThreadRepliers.after(root.repliers, reply.senderId());
            replied.put(root.id, root);
            if (changes == null) {
                changes = changeLog.batch();
            }
            changes.append(reply.roomId(), rev, reply.seq(), membershipVersion, ChangeKind.THREAD_UPDATED, root.id,
                    ChangeFields.of("threadId", root.id, "messageId", root.id, "replyCount", root.replyCount,
                            "lastReplyAt", root.lastReplyAt, "repliers", root.repliers));
        }

        /** Writes the summaries and the changes; nothing when the batch held no reply. */
        void save() {
            if (replied.isEmpty()) {
                return;
            }
            List<Object[]> summaries = new ArrayList<>(replied.size());
            for (Root root : replied.values()) {
                summaries.add(new Object[] {root.replyCount, root.lastReplyAt.atOffset(ZoneOffset.UTC),
                        ThreadRepliers.write(root.repliers), root.id});
            }
            jdbc.batchUpdate(SAVE_SUMMARY, summaries);
            changes.insert();
        }
    }

    /** A message a post names as its root, with the summary this batch has made of its replies so far. */
    private static final class Root {

        private final long id;
        private final long roomId;
        private final Long threadId;
        private int replyCount;
        private Instant lastReplyAt;
        private List<String> repliers;

        private Root(long id, long roomId, Long threadId, int replyCount, List<String> repliers) {
            this.id = id;
            this.roomId = roomId;
            this.threadId = threadId;
            this.replyCount = replyCount;
            this.repliers = repliers;
        }
    }
}
