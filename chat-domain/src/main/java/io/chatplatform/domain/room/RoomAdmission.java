package io.chatplatform.domain.room;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.user.Actor;
import java.util.List;
import java.util.Set;

/**
 * Who may bring whom into a room, and how many rooms and members there may be: what {@link RoomService} checks
 * before it creates a room or adds a member. A user who blocked the caller cannot be added by them, and neither
 * of two users one of whom blocked the other can open their DIRECT room. The refusals do not say that a block is
 * the reason, so that nobody learns who blocked them by trying. A platform ADMIN is bound by the room size only.
 */
final class RoomAdmission {

    private final RoomRepository rooms;
    private final MembershipRepository memberships;
    private final BlockService blocks;
    private final RoomProperties limits;

    RoomAdmission(RoomRepository rooms, MembershipRepository memberships, BlockService blocks,
            RoomProperties limits) {
        this.rooms = rooms;
        this.memberships = memberships;
        this.blocks = blocks;
        this.limits = limits;
    }

    /** Before the caller creates a GROUP room with {@code invited} as its other members. */
    void checkNewGroup(Actor caller, Set<String> invited) {
        if (invited.size() + 1 > limits.maxMembers()) {
            throw DomainException.badRequest("a room holds at most " + limits.maxMembers()
                    + " members, its creator included");
        }
        checkCreatedRooms(caller);
        if (!caller.isPlatformAdmin()) {
            List<String> refusing = blocks.blockersAmong(caller.userId(), invited);
            if (!refusing.isEmpty()) {
                throw cannotAdd(refusing.get(0));
            }
        }
    }

    /** Before the caller opens their DIRECT room with {@code otherUserId}, whether it exists already or not. */
    void checkDirect(Actor caller, String otherUserId) {
        if (!caller.isPlatformAdmin() && blocks.eitherBlocks(caller.userId(), otherUserId)) {
            throw DomainException.forbidden("you cannot open a conversation with " + otherUserId);
        }
    }

    /** Before the caller creates a room of any type. */
    void checkCreatedRooms(Actor caller) {
        if (!caller.isPlatformAdmin() && rooms.countByCreatedBy(caller.userId()) >= limits.maxCreatedRooms()) {
            throw DomainException.conflict("you have created " + limits.maxCreatedRooms()
                    + " rooms, the most allowed; delete one to create another");
        }
    }

    /**
     * Before {@code userId} joins an existing room, inside the adding transaction: takes the room's row lock (as
     * posting and every membership change do) so that additions racing for the last place are counted one after
     * the other.
     */
    void checkAddition(Actor caller, Long roomId, String userId) {
        if (!caller.isPlatformAdmin() && blocks.hasBlocked(userId, caller.userId())) {
            throw cannotAdd(userId);
        }
        rooms.lockById(roomId);
        if (memberships.countByIdRoomId(roomId) >= limits.maxMembers()) {
            throw DomainException.conflict("room " + roomId + " is full: it has " + limits.maxMembers()
                    + " members, the most allowed");
        }
    }

    private static DomainException cannotAdd(String userId) {
        return DomainException.forbidden("you cannot add " + userId + " to a room");
    }
}
