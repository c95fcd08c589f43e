package io.chatplatform.domain.room;

import java.time.Instant;

/**
 * A room as the calling member sees it: {@code lastSeq} is the room's newest message number, {@code unreadCount}
 * how many messages from others came after the caller's read marker, {@code lastRev} the number of the room's last
 * change (what a client that SYNCs by rev catches up to).
 */
public record RoomView(Long id, String name, RoomType type, String createdBy, Instant createdAt, long lastSeq,
        long unreadCount, MemberRole myRole, long lastRev) {

    /** The same room as of a later change. */
    public RoomView withLastRev(long rev) {
        return new RoomView(id, name, type, createdBy, createdAt, lastSeq, unreadCount, myRole, rev);
    }
}
