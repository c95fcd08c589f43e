package io.chatplatform.domain.room;

import java.util.List;

/**
 * Events the room feature publishes once its transaction commits. Listeners push them to clients; they carry
 * what a frame needs so that no listener has to query again.
 */
public final class RoomEvents {

    private RoomEvents() {
    }

    /** {@code userId} became a member of {@code roomId} (also published for every member of a new room). */
    public record MemberJoined(Long roomId, String userId, MemberRole role, String byUserId) {
    }

    /** {@code userId} is no longer a member: left or was removed. */
    public record MemberLeft(Long roomId, String userId, String byUserId) {
    }

    /** The room's name changed. */
    public record RoomUpdated(Long roomId, String name, String byUserId) {
    }

    /** The room is gone; {@code formerMemberIds} were its members at the moment it was deleted. */
    public record RoomDeleted(Long roomId, List<String> formerMemberIds, String byUserId) {
    }
}
