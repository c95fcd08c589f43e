package io.chatplatform.domain.room;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.contact.UserBlocked;
import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.user.Actor;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may see a room and act in it: the checks that messages, history, presence and the other room services start
 * from. To someone who is not a member (and not a platform ADMIN) a room is invisible: every call about it fails as
 * for a room that does not exist, with {@link #noSuchRoom}, so room ids cannot be probed for existence. Members who
 * lack the role for something are refused with FORBIDDEN.
 */
@Service
public class RoomAccess {

    /** One row per existing room: how many memberships the caller holds in it (0 or 1). */
    private static final String READER = "select (select count(*) from memberships m "
            + "where m.room_id = r.id and m.user_id = ?) from rooms r where r.id = ?";

    private final RoomRepository rooms;
    private final MembershipRepository memberships;
    private final BlockService blocks;
    private final JdbcTemplate jdbc;
    private final RoomChangeLog changes;

    RoomAccess(RoomRepository rooms, MembershipRepository memberships, BlockService blocks, JdbcTemplate jdbc,
            RoomChangeLog changes) {
        this.changes = changes;
        this.rooms = rooms;
        this.memberships = memberships;
        this.blocks = blocks;
        this.jdbc = jdbc;
    }

    /**
     * The one answer to "room {@code roomId}" for a caller who may not see it, whether it exists or not: the same
     * code and the same words, so that the answer does not tell the two apart.
     */
    public static DomainException noSuchRoom(Long roomId) {
        return DomainException.notFound("room " + roomId + " does not exist");
    }

    /**
     * Checks that the caller may read the room's messages: members and platform ADMINs. One plain SQL statement, in
     * the caller's transaction if there is one and without one otherwise: every reconnecting client's SYNC starts
     * here, and a JPA read-only transaction around two entity lookups cost more than the history read itself. It
     * sees what the caller's transaction flushed; every caller asks first, before writing anything.
     */
    public void requireReadable(Actor caller, Long roomId) {
        if (roomId == null) {
            throw DomainException.badRequest("roomId is required");
        }
        List<Long> held = jdbc.queryForList(READER, Long.class, caller.userId(), roomId);
        if (held.isEmpty() || (held.get(0) == 0 && !caller.isPlatformAdmin())) {
            throw noSuchRoom(roomId);
        }
    }

    /** Whether the caller may moderate the room: its OWNER or ADMIN, or a platform ADMIN. */
    @Transactional(readOnly = true)
    public boolean canModerate(Actor caller, Long roomId) {
        if (caller.isPlatformAdmin()) {
            return true;
        }
        return memberships.findById(new MembershipId(roomId, caller.userId()))
                .map(membership -> membership.role().canAdminister())
                .orElse(false);
    }

    @Transactional(readOnly = true)
    public boolean isMember(Long roomId, String userId) {
        return memberships.existsById(new MembershipId(roomId, userId));
    }

    /**
     * Whether the room is a DIRECT room that a block between its two members has closed to both, read afresh: for
     * writes other than posts (edits), which reach the room as a post does. Posting asks the same of the rooms it
     * locked, remembering open rooms per membership version.
     */
    @Transactional(readOnly = true)
    public boolean isClosed(Long roomId) {
        boolean direct = rooms.findById(roomId).map(room -> room.getType() == RoomType.DIRECT).orElse(false);
        return direct && blocks.anyAmong(memberships.findUserIdsByRoomId(roomId));
    }

    /**
     * A block closes the DIRECT room of the two users: its version moves on, under the room's row lock and in the
     * blocking transaction, so that from the block's commit on no node takes a post there on what it remembered.
     */
    @EventListener
    void on(UserBlocked blocked) {
        rooms.bumpDirectRoomOf(blocked.blockerId(), blocked.blockedId());
    }

    /** The room, or {@link #noSuchRoom} when there is none; in the caller's transaction. */
    Room find(Long roomId) {
        if (roomId == null) {
            throw DomainException.badRequest("roomId is required");
        }
        return rooms.findById(roomId).orElseThrow(() -> noSuchRoom(roomId));
    }

    /**
     * Takes the room's row lock for the rest of the caller's transaction, then reads the room as committed. A change
     * to a room's members or settings decides under it, so that what it checked (the caller's role, the target's
     * role, who is left) still holds when it writes: two members removing each other, or the last two leaving, are
     * decided one after the other. It is also the order posting takes the room row and then membership rows in.
     * Only a member or a platform ADMIN gets that far: an outsider is refused before the lock, so that calls about a
     * room one is not in cannot hold up its posts (and is checked again, under the lock, by what follows).
     */
    Room lock(Actor caller, Long roomId) {
        lockReadable(caller, roomId);
        return find(roomId);
    }

    /**
     * {@link #lock} without reading the room: for changes to a room's messages, which check the caller again under
     * the lock themselves.
     */
    public void lockReadable(Actor caller, Long roomId) {
        requireReadable(caller, roomId);
        if (changes.lock(roomId) < 0) {
            throw noSuchRoom(roomId);
        }
    }

    /**
     * The caller's membership, or null for a platform ADMIN who is not a member; to anyone else the room does not
     * exist. In the caller's transaction.
     */
    Membership requireReader(Actor caller, Long roomId) {
        Membership membership = memberships.findById(new MembershipId(roomId, caller.userId())).orElse(null);
        if (membership == null && !caller.isPlatformAdmin()) {
            throw noSuchRoom(roomId);
        }
        return membership;
    }

    /** {@link #requireReader}, refusing members who are neither OWNER nor ADMIN (a platform ADMIN passes). */
    Membership requireAdministrator(Actor caller, Long roomId) {
        Membership membership = requireReader(caller, roomId);
        if (membership != null && !membership.role().canAdminister() && !caller.isPlatformAdmin()) {
            throw DomainException.forbidden("only an OWNER or ADMIN of the room may do that");
        }
        return membership;
    }
}
