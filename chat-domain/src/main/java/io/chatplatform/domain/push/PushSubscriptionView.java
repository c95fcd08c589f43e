package io.chatplatform.domain.push;

import java.time.Instant;

/**
 * A push subscription: where to send ({@code endpoint}), the browser's keys (base64url: {@code p256dh} the
 * uncompressed P-256 point, {@code auth} the 16-byte secret), and whether pushes may show message text.
 */
public record PushSubscriptionView(Long id, String userId, String endpoint, String p256dh, String auth,
        boolean previews, Instant createdAt) {

    @Override
    public String toString() {
        return "PushSubscription[id=" + id + ", userId=" + userId + "]"; // the endpoint and keys are secrets
    }
}
