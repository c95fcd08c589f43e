package io.chatplatform.ws.delivery;

import io.chatplatform.domain.user.Role;
import io.chatplatform.ws.session.Endpoint;
import java.util.List;

/**
 * One encoded frame on its way to the sessions of other nodes, with whom it is for: a room's members, listed
 * users, everyone on an endpoint, or everyone of a role on an endpoint. {@code seq} and {@code membershipVersion}
 * are set for MESSAGE frames, which each node delivers in seq order to the members as of that version. A ROOM
 * envelope's {@code userIds}, when set, are members it is not for (they hear of it through {@link Target#JOINED}).
 */
public record Envelope(String origin, Target target, Endpoint endpoint, Long roomId, long seq,
        long membershipVersion, List<String> userIds, Role role, String frame) {

    /** The most users one envelope lists; longer lists are sent in several, and receivers refuse longer ones. */
    public static final int MAX_USER_IDS = 1000;

    public enum Target {
        ROOM,
        USERS,
        ALL,
        ROLE,
        /** Close every session of the listed users; {@code frame} is the close reason. */
        DISCONNECT,
        /** The listed users' tokens were revoked: re-read their revocations before the next handshake. */
        REVOKED,
        /**
         * The listed user became a member of {@code roomId}: a node with their chat sessions starts hearing the room
         * (reading back the messages after {@code seq} it may have missed meanwhile) and hands them {@code frame}.
         */
        JOINED,
        /** The listed user is no longer a member of {@code roomId}: hand them {@code frame}, stop listening for them. */
        LEFT
    }

    public static Envelope toRoom(Long roomId, long seq, long membershipVersion, String frame) {
        return new Envelope(null, Target.ROOM, Endpoint.CHAT, roomId, seq, membershipVersion, null, null, frame);
    }

    /** A room's frame for its members as of {@code membershipVersion} except {@code except}. */
    public static Envelope toRoomExcept(Long roomId, long membershipVersion, List<String> except, String frame) {
        return new Envelope(null, Target.ROOM, Endpoint.CHAT, roomId, 0, membershipVersion, except, null, frame);
    }

    /** {@code userId} joined the room when its newest message was {@code lastSeq}; {@code frame} tells them. */
    public static Envelope joined(Long roomId, String userId, long lastSeq, String frame) {
        return new Envelope(null, Target.JOINED, Endpoint.CHAT, roomId, lastSeq, 0, List.of(userId), null, frame);
    }

    /** {@code userId} left the room (or it was deleted); {@code frame} tells them. */
    public static Envelope left(Long roomId, String userId, String frame) {
        return new Envelope(null, Target.LEFT, Endpoint.CHAT, roomId, 0, 0, List.of(userId), null, frame);
    }

    public static Envelope toUsers(Endpoint endpoint, List<String> userIds, String frame) {
        return new Envelope(null, Target.USERS, endpoint, null, 0, 0, userIds, null, frame);
    }

    public static Envelope toAll(Endpoint endpoint, String frame) {
        return new Envelope(null, Target.ALL, endpoint, null, 0, 0, null, null, frame);
    }

    public static Envelope toRole(Endpoint endpoint, Role role, String frame) {
        return new Envelope(null, Target.ROLE, endpoint, null, 0, 0, null, role, frame);
    }

    /**
     * A ROLE envelope numbered within a key ({@code roomId} carries the key, {@code seq} the number): receivers hand
     * the frames of one key to their sessions in number order (see {@link Broadcaster#toRoleInOrder}).
     */
    public static Envelope toRoleInOrder(Endpoint endpoint, Role role, long key, long number, String frame) {
        return new Envelope(null, Target.ROLE, endpoint, key, number, 0, null, role, frame);
    }

    public static Envelope disconnect(List<String> userIds, String reason) {
        return new Envelope(null, Target.DISCONNECT, null, null, 0, 0, userIds, null, reason);
    }

    public static Envelope revoked(List<String> userIds) {
        return new Envelope(null, Target.REVOKED, null, null, 0, 0, userIds, null, "");
    }

    /** The same envelope for one of its users only. */
    public Envelope withUser(String userId) {
        return new Envelope(origin, target, endpoint, roomId, seq, membershipVersion, List.of(userId), role, frame);
    }

    public Envelope withOrigin(String node) {
        return new Envelope(node, target, endpoint, roomId, seq, membershipVersion, userIds, role, frame);
    }
}
