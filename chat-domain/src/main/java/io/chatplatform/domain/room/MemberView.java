package io.chatplatform.domain.room;

import java.time.Instant;

/** A member of a room as clients see it. */
public record MemberView(String userId, MemberRole role, Instant joinedAt, long lastReadSeq) {
}
