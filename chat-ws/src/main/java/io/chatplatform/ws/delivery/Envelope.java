package io.chatplatform.ws.delivery;

import io.chatplatform.domain.user.Role;
import io.chatplatform.ws.session.Endpoint;
import java.util.List;

/**
 * One encoded frame on its way to the sessions of other nodes, with whom it is for: a room's members, listed
 * users, everyone on an endpoint, or everyone of a role on an endpoint. {@code seq} and {@code membershipVersion}
 * are set for MESSAGE frames, which each node delivers in seq order to the members as of that version.
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
        REVOKED
    }

    public static Envelope toRoom(Long roomId, long seq, long membershipVersion, String frame) {
        return new Envelope(null, Target.ROOM, Endpoint.CHAT, roomId, seq, membershipVersion, null, null, frame);
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

    public static Envelope disconnect(List<String> userIds, String reason) {
        return new Envelope(null, Target.DISCONNECT, null, null, 0, 0, userIds, null, reason);
    }

    public static Envelope revoked(List<String> userIds) {
        return new Envelope(null, Target.REVOKED, null, null, 0, 0, userIds, null, "");
    }

    public Envelope withOrigin(String node) {
        return new Envelope(node, target, endpoint, roomId, seq, membershipVersion, userIds, role, frame);
    }
}
