package io.chatplatform.domain.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One notification for one user. {@code payload} is JSON text, validated before it is stored. */
@Entity
@Table(name = "notifications")
class Notification {

    static final int PAYLOAD_COLUMN_LENGTH = 65_536;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "notifications_seq")
    @SequenceGenerator(name = "notifications_seq", sequenceName = "notifications_seq", allocationSize = 50)
    private Long id;

    @Column(name = "user_id", nullable = false)
    private String userId;

    @Column(nullable = false, length = 64)
    private String kind;

    @Column(nullable = false, length = PAYLOAD_COLUMN_LENGTH)
    private String payload;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "read_at")
    private Instant readAt;

    protected Notification() {
    }

    Notification(String userId, String kind, String payload, Instant createdAt) {
        this.userId = userId;
        this.kind = kind;
        this.payload = payload;
        this.createdAt = createdAt;
    }

    String payload() {
        return payload;
    }

    /** The same notification with what it quoted forgotten (see {@link NotificationPayloads#withoutExcerpt}). */
    void redact(String redactedPayload) {
        this.payload = redactedPayload;
    }

    /** Marks it read once; a second call keeps the first time. */
    void markRead(Instant at) {
        if (readAt == null) {
            readAt = at;
        }
    }

    NotificationView view() {
        return new NotificationView(id, userId, kind, payload, createdAt, readAt);
    }
}
