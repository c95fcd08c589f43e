package io.chatplatform.domain.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.notifications.*}: how much is replayed, listed and stored.
 *
 * @param replayLimit       the most unread notifications replayed, oldest first, when a /ws/notify session opens
 * @param listLimit         the most notifications one {@code GET /api/notifications} returns
 * @param maxPayloadLength  the longest payload accepted, in characters of its compact JSON
 * @param maxRecipients     the most users one notification may be sent to at once
 */
@ConfigurationProperties("chat.notifications")
public record NotificationProperties(
        @DefaultValue("500") int replayLimit,
        @DefaultValue("200") int listLimit,
        @DefaultValue("16384") int maxPayloadLength,
        @DefaultValue("10000") int maxRecipients) {

    public NotificationProperties {
        if (replayLimit < 1 || listLimit < 1 || maxRecipients < 1) {
            throw new IllegalArgumentException("chat.notifications limits must be positive");
        }
        if (maxPayloadLength < 2 || maxPayloadLength > Notification.PAYLOAD_COLUMN_LENGTH) {
            throw new IllegalArgumentException("chat.notifications.max-payload-length must be between 2 and "
                    + Notification.PAYLOAD_COLUMN_LENGTH);
        }
    }
}
