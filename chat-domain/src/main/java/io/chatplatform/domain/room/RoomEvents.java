package io.chatplatform.domain.room;

import java.util.List;

/**
 * Events the room feature publishes once its transaction commits. Listeners push them to clients; they carry
 * what a frame needs so that no listener has to query again.
 */
public final class RoomEvents {

    private RoomEvents() {
    }

    /** A room was created with these members, its creator (the OWNER) first. */
    public record RoomCreated(Long roomId, String name, RoomType type, String createdBy, List<String> memberIds) {
    }

    /** {@code userId} became a member of an existing room, making its membership version {@code membershipVersion}. */
    public record MemberJoined(Long roomId, String userId, MemberRole role, String byUserId, long membershipVersion) {
    }

    /** {@code userId} is no longer a member (left or was removed), making the membership version {@code membershipVersion}. */
    public record MemberLeft(Long roomId, String userId, String byUserId, long membershipVersion) {
    }

    /** A member's role changed, for example when ownership passes on after the last OWNER left. */
    public record MemberRoleChanged(Long roomId, String userId, MemberRole role, String byUserId) {
    }

    /** A member's read marker moved forward to {@code seq}. */
    public record ReadMarkerMoved(Long roomId, String userId, long seq) {
    }

    /** The room's name changed. */
    public record RoomUpdated(Long roomId, String name, String byUserId) {
    }

    /** The room is gone; {@code formerMemberIds} were its members at the moment it was deleted. */
    public record RoomDeleted(Long roomId, List<String> formerMemberIds, String byUserId) {
    }
}
