package io.chatplatform.domain.message;

import io.chatplatform.domain.change.ChangeFields;
import io.chatplatform.domain.change.ChangeKind;
import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.room.RoomAccess;
import io.chatplatform.domain.user.Actor;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Members react to messages with emoji ({@link ReactionEmoji}). A reaction is a row (message, emoji, user); adding or
 * removing one takes the room's next rev and is told to every member as a {@code REACTION} change
 * {@code {messageId, emoji, userId, added, count}}, {@code count} being how many users hold that emoji on the message
 * after the change. Reacting again with the same emoji, or removing a reaction that is not there, changes nothing and
 * tells no one: both are idempotent. A message holds at most {@link ReactionProperties#maxPerMessage()} distinct
 * emoji.
 *
 * <p>Concurrency: every change takes the room's row lock before it reads or writes a reaction row of the room, so
 * the changes of one room run one at a time, each count is exact, and revs follow the order of the commits (the
 * room change log's lock order). Deleting a message removes its reactions under the same lock
 * ({@link #removeAll}); a deleted message takes no reactions.
 */
@Service
public class ReactionService {

    /** One shape for every page size: an array parameter, not an IN list parsed and planned again per length. */
    private static final String COUNTS = "select message_id, emoji, count(*), "
            + "sum(case when user_id = ? then 1 else 0 end), min(reacted_at) "
            + "from message_reactions where message_id = any (?) group by message_id, emoji";

    private final RoomAccess rooms;
    private final RoomChangeLog changes;
    private final JdbcTemplate jdbc;
    private final ReactionProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;

    ReactionService(RoomAccess rooms, RoomChangeLog changes, JdbcTemplate jdbc, ReactionProperties properties,
            Clock clock, PlatformTransactionManager transactionManager) {
        this.rooms = rooms;
        this.changes = changes;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * The member reacts to a message with an emoji.
     *
     * @return whether this added the reaction (false: the member had already reacted so, nothing changed)
     */
    public boolean react(Actor actor, Long roomId, Long messageId, String emoji) {
        ReactionEmoji.require(emoji);
        requireIds(roomId, messageId);
        return Boolean.TRUE.equals(transactions.execute(status -> {
            lockAndRequireMember(actor, roomId);
            // A reaction reaches the room like a post: a DIRECT room that a block closed takes none.
            if (rooms.isClosed(roomId)) {
                throw DomainException.forbidden("you cannot post in room " + roomId);
            }
            requireLive(roomId, messageId);
            if (holds(messageId, emoji, actor.userId())) {
                return false;
            }
            List<String> held = jdbc.queryForList("select distinct emoji from message_reactions where message_id = ?",
                    String.class, messageId);
            if (!held.contains(emoji) && held.size() >= properties.maxPerMessage()) {
                throw DomainException.conflict("message " + messageId + " already holds "
                        + properties.maxPerMessage() + " different reactions");
            }
            jdbc.update("insert into message_reactions (message_id, emoji, user_id, room_id, reacted_at) "
                    + "values (?, ?, ?, ?, ?)", messageId, emoji, actor.userId(), roomId,
                    clock.instant().atOffset(ZoneOffset.UTC));
            logChange(roomId, messageId, emoji, actor.userId(), true);
            return true;
        }));
    }

    /**
     * The member takes back a reaction. Allowed in a DIRECT room a block closed: taking a reaction back adds nothing.
     *
     * @return whether this removed it (false: there was none, nothing changed)
     */
    public boolean unreact(Actor actor, Long roomId, Long messageId, String emoji) {
        ReactionEmoji.require(emoji);
        requireIds(roomId, messageId);
        return Boolean.TRUE.equals(transactions.execute(status -> {
            lockAndRequireMember(actor, roomId);
            requireLive(roomId, messageId);
            int removed = jdbc.update("delete from message_reactions "
                    + "where message_id = ? and emoji = ? and user_id = ?", messageId, emoji, actor.userId());
            if (removed == 0) {
                return false;
            }
            logChange(roomId, messageId, emoji, actor.userId(), false);
            return true;
        }));
    }

    /**
     * The messages with their reactions as {@code readerId} sees them ({@code me}: the reader is among those who
     * reacted), each message's emoji in the order they were first given; one query for all of them. Tombstones
     * carry none. Runs in the caller's transaction, if any.
     */
    public List<MessageView> withReactions(String readerId, List<MessageView> page) {
        List<Long> ids = new ArrayList<>(page.size());
        for (MessageView message : page) {
            if (!message.deleted()) {
                ids.add(message.messageId());
            }
        }
        if (ids.isEmpty()) {
            return page;
        }
        Map<Long, List<Counted>> byMessage = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(COUNTS);
            statement.setString(1, readerId);
            statement.setArray(2, connection.createArrayOf("BIGINT", ids.toArray()));
            return statement;
        }, (RowCallbackHandler) row -> {
            byMessage.computeIfAbsent(row.getLong(1), id -> new ArrayList<>()).add(new Counted(
                    new MessageView.ReactionCount(row.getString(2), row.getInt(3), row.getLong(4) > 0),
                    row.getTimestamp(5).toInstant()));
        });
        if (byMessage.isEmpty()) {
            return page;
        }
        List<MessageView> filled = new ArrayList<>(page.size());
        for (MessageView message : page) {
            List<Counted> counted = byMessage.get(message.messageId());
            filled.add(counted == null ? message : message.withReactions(inOrder(counted)));
        }
        return filled;
    }

    /** Removes a message's reactions as it is deleted, under the room's row lock its caller holds. */
    void removeAll(Long messageId) {
        jdbc.update("delete from message_reactions where message_id = ?", messageId);
    }

    private static void requireIds(Long roomId, Long messageId) {
        if (roomId == null || messageId == null) {
            throw DomainException.badRequest("roomId and messageId are required");
        }
    }

    /**
     * Takes the room's row lock, then checks membership under it, so a member removed while their reaction waited
     * for the lock is refused. Outsiders are told the room does not exist; a platform ADMIN who is not a member may
     * read, not react.
     */
    private void lockAndRequireMember(Actor actor, Long roomId) {
        rooms.lockReadable(actor, roomId); // an outsider does not get to hold the lock, even briefly
        if (rooms.isMember(roomId, actor.userId())) {
            return;
        }
        if (actor.isPlatformAdmin()) {
            throw DomainException.forbidden("only members of room " + roomId + " react to its messages");
        }
        throw RoomAccess.noSuchRoom(roomId);
    }

    /** Reads the message under the room's lock: a delete that committed first is seen. */
    private void requireLive(Long roomId, Long messageId) {
        List<Integer> deleted = jdbc.queryForList("select case when deleted_at is null then 0 else 1 end "
                + "from messages where id = ? and room_id = ?", Integer.class, messageId, roomId);
        if (deleted.isEmpty()) {
            throw DomainException.notFound("message " + messageId + " does not exist in room " + roomId);
        }
        if (deleted.get(0) == 1) {
            throw DomainException.conflict("message " + messageId + " was deleted");
        }
    }

    private boolean holds(Long messageId, String emoji, String userId) {
        return !jdbc.queryForList("select 1 from message_reactions where message_id = ? and emoji = ? and user_id = ?",
                Integer.class, messageId, emoji, userId).isEmpty();
    }

    private void logChange(Long roomId, Long messageId, String emoji, String userId, boolean added) {
        int count = jdbc.queryForObject("select count(*) from message_reactions where message_id = ? and emoji = ?",
                Integer.class, messageId, emoji);
        changes.record(roomId, ChangeKind.REACTION, messageId, ChangeFields.of("messageId", messageId, "emoji", emoji,
                "userId", userId, "added", added, "count", count));
    }

    private static List<MessageView.ReactionCount> inOrder(List<Counted> counted) {
        counted.sort(Comparator.comparing(Counted::firstAt).thenComparing(c -> c.reaction().emoji()));
        return counted.stream().map(Counted::reaction).toList();
    }

    /** A reaction's count with when its emoji was first given, to order a message's emoji. */
    private record Counted(MessageView.ReactionCount reaction, Instant firstAt) {
    }
}
