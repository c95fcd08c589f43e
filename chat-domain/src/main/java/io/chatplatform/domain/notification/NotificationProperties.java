package io.chatplatform.domain.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.notifications.*}: how much is replayed, listed, stored and queued.
 *
 * @param replayLimit       the most unread notifications replayed, oldest first, when a /ws/notify session opens
 * @param listLimit         the most notifications one {@code GET /api/notifications} returns
 * @param maxPayloadLength  the longest payload accepted, in characters of its compact JSON
 * @param maxRecipients     the most users one notification may be sent to at once
 * @param maxMentions       the most members one message notifies by {@code @userId}: the first this many distinct
 *                          members it names; further mentions are ignored (the message itself is stored whole)
 * @param queueCapacity     notification tasks (one per message, room change…) that may wait for the notification
 *                          worker; beyond that new tasks are dropped and counted, never run by the thread that
 *                          caused them (see {@link NotificationWorker})
 */
@ConfigurationProperties("chat.notifications")
public record NotificationProperties(
        @DefaultValue("500") int replayLimit,
        @DefaultValue("200") int listLimit,
        @DefaultValue("16384") int maxPayloadLength,
        @DefaultValue("10000") int maxRecipients,
        @DefaultValue("50") int maxMentions,
        @DefaultValue("10000") int queueCapacity) {

    public NotificationProperties {
        if (replayLimit < 1 || listLimit < 1 || maxRecipients < 1 || maxMentions < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("chat.notifications limits must be positive");
        }
        if (maxPayloadLength < 2 || maxPayloadLength > Notification.PAYLOAD_COLUMN_LENGTH) {
            throw new IllegalArgumentException("chat.notifications.max-payload-length must be between 2 and "
                    + Notification.PAYLOAD_COLUMN_LENGTH);
        }
    }
}
