package io.chatplatform.domain.notification;

import java.time.Instant;

/**
 * A notification as its user sees it. {@code payload} is JSON text (an object for every kind the server creates);
 * {@code readAt} is null until the user acknowledged it.
 */
public record NotificationView(Long id, String userId, String kind, String payload, Instant createdAt,
        Instant readAt) {
}
