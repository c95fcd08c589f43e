package io.chatplatform.domain.message;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A stored message. {@code (roomId, seq)} and {@code (roomId, senderId, clientMsgId)} are unique in the database.
 * New messages are inserted by posting ({@code MessageInserts}: plain JDBC, ids from {@code messages_seq}, from the
 * {@link MessageView} the writer announces); JPA reads them, except history, which reads plain rows
 * ({@link HistoryRows}, the same view). Edits and deletes are conditional updates in
 * {@link MessageRepository}, never a write-back of this entity: a write-back would store every column as read, so
 * an edit that read the row before a concurrent delete committed would clear {@code deleted_at} and bring the body
 * back.
 */
@Entity
@Table(name = "messages")
class Message {

    @Id
    private Long id;

    @Column(name = "room_id", nullable = false)
    private Long roomId;

    @Column(nullable = false)
    private long seq;

    @Column(name = "sender_id", nullable = false)
    private String senderId;

    @Column(name = "client_msg_id", nullable = false)
    private String clientMsgId;

    @Column(nullable = false, length = MessageProperties.COLUMN_LENGTH)
    private String body;

    @Column(name = "sent_at", nullable = false)
    private Instant sentAt;

    @Column(name = "edited_at")
    private Instant editedAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    /** The room's rev that posting the message made. */
    @Column(nullable = false)
    private long rev;

    /** The root's id on thread replies; null on the main timeline. */
    @Column(name = "thread_id")
    private Long threadId;

    /** On thread roots: the summary of the replies, kept by posting under the room's row lock. */
    @Column(name = "reply_count", nullable = false)
    private int replyCount;

    @Column(name = "last_reply_at")
    private Instant lastReplyAt;

    /** The latest repliers, newest first, as a JSON array (see {@link ThreadRepliers}). */
    @Column(name = "last_repliers")
    private String lastRepliers;

    @Column(name = "attributes")
    private String attributes;

    protected Message() {
    }

    String senderId() {
        return senderId;
    }

    boolean isDeleted() {
        return deletedAt != null;
    }

    Long threadId() {
        return threadId;
    }

    MessageView view() {
        return new MessageView(roomId, id, seq, senderId, clientMsgId, body, sentAt, editedAt, deletedAt, rev,
                threadId, attributes, ThreadRepliers.summary(replyCount, lastReplyAt, lastRepliers), null);
    }
}
