package io.chatplatform.domain.notification;

import java.time.Instant;

/** A platform ADMIN announced something to everyone connected right now. Nothing is stored. */
public record AnnouncementMade(String body, Instant createdAt) {
}
