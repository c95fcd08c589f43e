package io.chatplatform.domain.message;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A stored message. {@code (roomId, seq)} and {@code (roomId, senderId, clientMsgId)} are unique in the database.
 * New messages are inserted by {@link MessageInserts} (plain JDBC, ids from {@code messages_seq}, from the
 * {@link MessageView} the writer announces); JPA reads, edits and deletes them.
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

    protected Message() {
    }

    String senderId() {
        return senderId;
    }

    boolean isDeleted() {
        return deletedAt != null;
    }

    void edit(String newBody, Instant at) {
        this.body = newBody;
        this.editedAt = at;
    }

    /** Keeps the row, and so its seq, but forgets what it said. */
    void delete(Instant at) {
        this.body = "";
        this.deletedAt = at;
    }

    MessageView view() {
        return new MessageView(roomId, id, seq, senderId, clientMsgId, body, sentAt, editedAt, deletedAt);
    }
}
