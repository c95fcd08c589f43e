package io.chatplatform.domain.push;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One browser's push subscription, owned by the user who last subscribed it. */
@Entity
@Table(name = "push_subscriptions")
class PushSubscription {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "push_subscriptions_seq")
    @SequenceGenerator(name = "push_subscriptions_seq", sequenceName = "push_subscriptions_seq", allocationSize = 50)
    private Long id;

    @Column(name = "user_id", nullable = false)
    private String userId;

    @Column(nullable = false, length = PushEndpoints.MAX_ENDPOINT_LENGTH, unique = true)
    private String endpoint;

    @Column(nullable = false, length = 128)
    private String p256dh;

    @Column(nullable = false, length = 64)
    private String auth;

    @Column(nullable = false)
    private boolean previews;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PushSubscription() {
    }

    PushSubscription(String userId, String endpoint, String p256dh, String auth, boolean previews, Instant createdAt) {
        this.endpoint = endpoint;
        renew(userId, p256dh, auth, previews, createdAt);
    }

    /** The same browser subscribed again: new keys, maybe a new owner; it counts as new. */
    void renew(String userId, String p256dh, String auth, boolean previews, Instant at) {
        this.userId = userId;
        this.p256dh = p256dh;
        this.auth = auth;
        this.previews = previews;
        this.createdAt = at;
    }

    PushSubscriptionView view() {
        return new PushSubscriptionView(id, userId, endpoint, p256dh, auth, previews, createdAt);
    }
}
