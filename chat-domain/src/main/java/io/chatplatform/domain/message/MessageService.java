package io.chatplatform.domain.message;

import io.chatplatform.domain.change.ChangeFields;
import io.chatplatform.domain.change.ChangeKind;
import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.room.RoomAccess;
import io.chatplatform.domain.user.Actor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads, edits and deletes stored messages. New messages come in through
 * {@link io.chatplatform.domain.posting.Posting}, which numbers and stores them.
 */
@Service
public class MessageService {

    private final RoomAccess rooms;
    private final MessageRepository messages;
    private final MessageProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final TransactionTemplate readOnly;
    private final Clock clock;
    private final RoomChangeLog changes;
    private final ReactionService reactions;
    private final HistoryRows historyRows;
    private final ClientReads clientReads;

    MessageService(RoomAccess rooms, MessageRepository messages, MessageProperties properties,
            ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock,
            RoomChangeLog changes, ReactionService reactions, JdbcTemplate jdbc, ClientReads clientReads) {
        this.historyRows = new HistoryRows(jdbc);
        this.clientReads = clientReads;
        this.changes = changes;
        this.reactions = reactions;
        this.rooms = rooms;
        this.messages = messages;
        this.properties = properties;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.clock = clock;
    }

    /**
     * The author changes the body of a message; members are told with {@link MessageEdited}. A deleted message
     * stays deleted: editing it, even in a race with the delete, is refused with {@code CONFLICT}.
     */
    public MessageView edit(Actor author, Long roomId, Long messageId, String body) {
        properties.requireValidBody(body);
        return transactions.execute(status -> {
            Message message = lockAndFind(author, roomId, messageId);
            if (!message.senderId().equals(author.userId())) {
                throw DomainException.forbidden("only the author may edit a message");
            }
            // An edit reaches the room like a post: a DIRECT room that a block closed takes neither.
            if (!author.isPlatformAdmin() && rooms.isClosed(roomId)) {
                throw DomainException.forbidden("you cannot post in room " + roomId);
            }
            if (message.isDeleted() || messages.editUnlessDeleted(messageId, body, clock.instant()) == 0) {
                throw DomainException.conflict("message " + messageId + " was deleted");
            }
            MessageView view = reread(messageId, roomId);
            changes.record(roomId, ChangeKind.MESSAGE_UPDATED, messageId, ChangeFields.of("messageId", messageId,
                    "seq", view.seq(), "body", view.body(), "editedAt", view.editedAt(), "threadId", view.threadId()));
            events.publishEvent(new MessageEdited(view));
            return reactions.withReactions(author.userId(), List.of(view)).get(0);
        });
    }

    /**
     * The author, a room OWNER/ADMIN or a platform ADMIN turns a message into a tombstone; members are told with
     * {@link MessageDeleted}. Deleting a deleted message changes nothing and tells no one. The message's reactions go
     * with it, without a change of their own: a tombstone carries none, and clients clear them on MESSAGE_DELETED.
     */
    public MessageView delete(Actor actor, Long roomId, Long messageId) {
        return transactions.execute(status -> {
            Message message = lockAndFind(actor, roomId, messageId);
            if (!message.senderId().equals(actor.userId()) && !rooms.canModerate(actor, roomId)) {
                throw DomainException.forbidden("only the author or a room OWNER/ADMIN may delete a message");
            }
            if (message.isDeleted()) {
                return message.view();
            }
            boolean deletedNow = messages.deleteUnlessDeleted(messageId, clock.instant()) == 1;
            MessageView view = reread(messageId, roomId);
            if (deletedNow) {
                reactions.removeAll(messageId);
                changes.record(roomId, ChangeKind.MESSAGE_DELETED, messageId, ChangeFields.of("messageId", messageId,
                        "seq", view.seq(), "deletedAt", view.deletedAt(), "threadId", view.threadId()));
                events.publishEvent(new MessageDeleted(view));
            }
            return view;
        });
    }

    /** The row as this transaction left it (the conditional updates above clear the persistence context). */
    private MessageView reread(Long messageId, Long roomId) {
        return messages.findByIdAndRoomId(messageId, roomId).map(Message::view)
                .orElseThrow(() -> DomainException.notFound("message " + messageId + " does not exist in room " + roomId));
    }

    /**
     * Takes the room's row lock (before the message row: the order posting takes them in), then checks the caller's
     * access and reads the message under it: a removal that committed first is seen, so a member removed while their
     * change waited for the lock is refused as an outsider.
     */
    private Message lockAndFind(Actor actor, Long roomId, Long messageId) {
        if (roomId == null || messageId == null) {
            throw DomainException.badRequest("roomId and messageId are required");
        }
        rooms.lockReadable(actor, roomId); // an outsider does not get to hold the lock, even briefly
        rooms.requireReadable(actor, roomId);
        return messages.findByIdAndRoomId(messageId, roomId)
                .orElseThrow(() -> DomainException.notFound("message " + messageId + " does not exist in room " + roomId));
    }

    /**
     * Reads a room's history in ascending {@code seq}, thread replies included. With {@code afterSeq} it reads
     * forward from there (what a reconnecting client does); otherwise it reads backwards from {@code beforeSeq}, or
     * from the newest message. Messages carry their reactions as the reader sees them (one query for the page).
     */
    public MessagePage history(Actor reader, Long roomId, Long afterSeq, Long beforeSeq, Integer limit) {
        return history(reader, roomId, afterSeq, beforeSeq, limit, true);
    }

    /**
     * {@link #history(Actor, Long, Long, Long, Integer)}, or with {@code withReplies} false only the main timeline:
     * the messages without {@code threadId} (pages then count, and {@code hasMore} looks for, those alone).
     *
     * <p>Three plain SQL statements (access, page, reactions) and no transaction of its own: at READ COMMITTED,
     * the databases' default and ours, a read-only transaction gave each statement no more than it has alone, a view
     * of what was committed when it ran, and cost more CPU than the page (every reconnecting client reads one).
     * Runs in its turn among clients' reads ({@link ClientReads}).
     */
    public MessagePage history(Actor reader, Long roomId, Long afterSeq, Long beforeSeq, Integer limit,
            boolean withReplies) {
        int pageSize = pageSize(limit);
        long after = afterSeq == null ? 0 : afterSeq;
        long before = beforeSeq == null ? Long.MAX_VALUE : beforeSeq;
        if (after < 0) {
            throw DomainException.badRequest("afterSeq must be >= 0");
        }
        if (before < 1) {
            throw DomainException.badRequest("beforeSeq must be >= 1");
        }
        return clientReads.run(() -> {
            rooms.requireReadable(reader, roomId);
            List<MessageView> found = historyRows.read(roomId, after, before, pageSize + 1, afterSeq != null,
                    withReplies);
            boolean hasMore = found.size() > pageSize;
            List<MessageView> page = new ArrayList<>(found.subList(0, Math.min(pageSize, found.size())));
            if (afterSeq == null) {
                Collections.reverse(page);
            }
            return new MessagePage(reactions.withReactions(reader.userId(), page), hasMore);
        });
    }

    /**
     * A thread: its root (as it is now, a tombstone if deleted, with its summary) and its replies after
     * {@code afterSeq} in ascending {@code seq}, at most {@code limit} (the limits of {@link #history}). Who may not
     * read the room is told it does not exist; a message that is not in the room is NOT_FOUND, and one that is a
     * reply itself (no root) BAD_REQUEST. Plain SQL and no transaction, in its turn, as {@link #history} reads.
     */
    public ThreadPage thread(Actor reader, Long roomId, Long rootId, Long afterSeq, Integer limit) {
        int pageSize = pageSize(limit);
        long after = afterSeq == null ? 0 : afterSeq;
        if (after < 0) {
            throw DomainException.badRequest("afterSeq must be >= 0");
        }
        return clientReads.run(() -> {
            rooms.requireReadable(reader, roomId);
            MessageView root = historyRows.one(roomId, rootId).orElseThrow(() -> DomainException.notFound(
                    "message " + rootId + " does not exist in room " + roomId));
            if (root.threadId() != null) {
                throw DomainException.badRequest("message " + rootId + " is a reply in the thread of message "
                        + root.threadId() + "; read the root's thread");
            }
            List<MessageView> found = historyRows.replies(rootId, after, pageSize + 1);
            boolean hasMore = found.size() > pageSize;
            List<MessageView> withRoot = new ArrayList<>(Math.min(pageSize, found.size()) + 1);
            withRoot.add(root);
            withRoot.addAll(found.subList(0, Math.min(pageSize, found.size())));
            List<MessageView> counted = reactions.withReactions(reader.userId(), withRoot); // one query for the page
            return new ThreadPage(counted.get(0), new MessagePage(List.copyOf(counted.subList(1, counted.size())),
                    hasMore));
        });
    }

    /**
     * Messages of a room with {@code afterSeq < seq < beforeSeq}, in order, without a permission check: for the
     * server itself, when it must deliver messages it did not receive as events.
     */
    public List<MessageView> range(Long roomId, long afterSeq, long beforeSeq) {
        return readOnly.execute(status -> messages.findByRoomIdAndSeqGreaterThanAndSeqLessThanOrderBySeqAsc(
                roomId, afterSeq, beforeSeq, Limit.of((int) Math.min(Integer.MAX_VALUE, beforeSeq - afterSeq)))
                .stream().map(Message::view).toList());
    }

    /**
     * Whether message {@code seq} of a room is stored (a tombstone counts), without a permission check: for the
     * server itself, to tell a message another node announced from one nobody posted.
     */
    public boolean isStored(Long roomId, long seq) {
        return readOnly.execute(status -> messages.existsByRoomIdAndSeq(roomId, seq));
    }

    /**
     * The message {@code senderId} posted to a room under {@code clientMsgId}, if it is stored; without a
     * permission check and in the caller's transaction: for posting, to answer a repeated post with the original.
     */
    public Optional<MessageView> findPost(Long roomId, String senderId, String clientMsgId) {
        return messages.findByRoomIdAndSenderIdAndClientMsgId(roomId, senderId, clientMsgId).map(Message::view);
    }

    /** The newest seq of a room among the messages stored before {@code before}; 0 when there is none. */
    public long lastSeqSentBefore(Long roomId, Instant before) {
        return historyRows.lastSeqSentBefore(roomId, before);
    }

    private int pageSize(Integer limit) {
        if (limit == null) {
            return Math.min(50, properties.historyPageLimit());
        }
        if (limit < 1) {
            throw DomainException.badRequest("limit must be positive");
        }
        return Math.min(limit, properties.historyPageLimit());
    }
}
