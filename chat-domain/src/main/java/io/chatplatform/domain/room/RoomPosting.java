package io.chatplatform.domain.room;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The room side of storing a batch of posts, in the poster's transaction: lock the rooms, check who may post,
 * move the senders' read markers. Built for throughput: one statement locks every room of a batch, membership is
 * remembered per room and membership version (every membership change bumps the version under the room's row
 * lock, so a locked room's version says whether what we remember still holds, on any node), and read markers move
 * in one JDBC batch.
 */
@Component
public class RoomPosting {

    /** Remembered memberships, over all rooms, before the memory is dropped and built up again. */
    static final int MAX_REMEMBERED = 100_000;

    private final RoomRepository rooms;
    private final MembershipRepository memberships;
    private final JdbcTemplate jdbc;
    private final Map<Long, KnownMembers> known = new ConcurrentHashMap<>();
    private final AtomicInteger remembered = new AtomicInteger();

    RoomPosting(RoomRepository rooms, MembershipRepository memberships, JdbcTemplate jdbc) {
        this.rooms = rooms;
        this.memberships = memberships;
        this.jdbc = jdbc;
    }

    /** A sender's read marker to move up to {@code seq}, because they just posted it. */
    public record ReadMarker(Long roomId, String userId, long seq) {
    }

    /**
     * Locks the rows of the given rooms until the caller's transaction ends, in id order (so two posters never wait
     * for each other in a circle), to number their messages.
     *
     * @return the rooms that exist, by id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<Long, Room> lock(Collection<Long> roomIds) {
        List<Room> locked = rooms.findAllByIdForUpdate(roomIds); // the query orders by id: the lock order
        Map<Long, Room> byId = new HashMap<>(locked.size() * 2);
        for (Room room : locked) {
            byId.put(room.getId(), room);
        }
        return byId;
    }

    /**
     * Whether {@code userId} is a member of {@code lockedRoom}, a room this transaction has {@link #lock locked}.
     * {@code askTheDatabase} skips what is remembered: for a transaction that may itself have changed the members
     * before locking (its room entity then still shows the version it read first).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean isMember(Room lockedRoom, String userId, boolean askTheDatabase) {
        Set<String> rememberedMembers = askTheDatabase ? null : rememberedMembers(lockedRoom);
        if (rememberedMembers != null && rememberedMembers.contains(userId)) {
            return true;
        }
        boolean member = memberships.existsById(new MembershipId(lockedRoom.getId(), userId));
        // Outsiders are not remembered: they are rare, and remembering them would let anyone fill memory.
        if (member && rememberedMembers != null) {
            if (remembered.incrementAndGet() > MAX_REMEMBERED) {
                known.clear();
                remembered.set(0);
            }
            rememberedMembers.add(userId);
        }
        return member;
    }

    /** The members remembered for the locked room's membership version; a new version starts with none. */
    private Set<String> rememberedMembers(Room lockedRoom) {
        long version = lockedRoom.getMembershipVersion();
        KnownMembers members = known.get(lockedRoom.getId());
        if (members == null || members.version() != version) {
            members = new KnownMembers(version, ConcurrentHashMap.newKeySet());
            known.put(lockedRoom.getId(), members);
        }
        return members.userIds();
    }

    /** Moves each sender's read marker forward to the seq they posted; a marker never moves backwards. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void advanceReadMarkers(Collection<ReadMarker> markers) {
        if (markers.isEmpty()) {
            return;
        }
        List<Object[]> arguments = new ArrayList<>(markers.size());
        for (ReadMarker marker : markers) {
            arguments.add(new Object[] {marker.seq(), marker.roomId(), marker.userId(), marker.seq()});
        }
        jdbc.batchUpdate("update memberships set last_read_seq = ? "
                + "where room_id = ? and user_id = ? and last_read_seq < ?", arguments);
    }

    private record KnownMembers(long version, Set<String> userIds) {
    }
}
