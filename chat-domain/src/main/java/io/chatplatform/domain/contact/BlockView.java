package io.chatplatform.domain.contact;

import java.time.Instant;

/** A user the caller has blocked, and since when. */
public record BlockView(String userId, Instant blockedAt) {
}
