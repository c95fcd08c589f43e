package io.chatplatform.domain.notification;

/** A notification was stored. Published after its transaction commits, once per recipient. */
public record NotificationCreated(NotificationView notification) {
}
