package io.chatplatform.domain.posting;

import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.room.Room;
import io.chatplatform.domain.room.RoomType;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The room side of storing a batch of posts, in the poster's transaction: lock the rooms, check who may post,
 * number the messages, move the senders' read markers. Built for throughput, with statements of a fixed shape and
 * no entities to track: one JDBC statement locks every room of a batch, membership is remembered per room and
 * membership version (every membership change bumps the version under the room's row lock, so a locked room's
 * version says whether what we remember still holds, on any node), and counters and read markers are written back
 * in one JDBC batch each. A DIRECT room is remembered open the same way: a block that closes one bumps its version
 * (see {@link io.chatplatform.domain.room.RoomAccess}).
 */
@Component
class RoomPosting {

    /** Remembered memberships, over all rooms, before the memory is dropped and built up again. */
    static final int MAX_REMEMBERED = 100_000;

    private static final String IS_MEMBER = "select count(*) from memberships where room_id = ? and user_id = ?";
    private static final String MEMBER_IDS = "select user_id from memberships where room_id = ?";

    private final BlockService blocks;
    private final JdbcTemplate jdbc;
    private final EntityManager entityManager;
    private final Map<Long, KnownMembers> known = new ConcurrentHashMap<>();
    private final AtomicInteger remembered = new AtomicInteger();

    RoomPosting(BlockService blocks, JdbcTemplate jdbc, EntityManager entityManager) {
        this.blocks = blocks;
        this.jdbc = jdbc;
        this.entityManager = entityManager;
    }

    /** A sender's read marker to move up to {@code seq}, because they just posted it. */
    record ReadMarker(Long roomId, String userId, long seq) {
    }

    /**
     * Locks the rows of the given rooms until the caller's transaction ends, in id order (so two posters never wait
     * for each other in a circle), to number their messages. One statement of one shape, whatever the number of
     * rooms: an array parameter, not an IN list that the database would parse and plan again for every length.
     *
     * @return the rooms that exist, by id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<Long, LockedRoom> lock(Collection<Long> roomIds) {
        Long[] ids = roomIds.toArray(Long[]::new);
        Map<Long, LockedRoom> byId = new HashMap<>(ids.length * 2);
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("select id, type, last_seq, membership_version, "
                    + "last_rev from rooms where id = any (?) order by id for update");
            statement.setArray(1, connection.createArrayOf("BIGINT", ids));
            return statement;
        }, (RowCallbackHandler) row -> {
            LockedRoom room = new LockedRoom(row.getLong(1), RoomType.valueOf(row.getString(2)), row.getLong(3),
                    row.getLong(4), row.getLong(5));
            byId.put(room.id(), room);
        });
        return byId;
    }

    /**
     * Writes back the message and change counters of rooms that {@link #lock} locked and this transaction numbered
     * from.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void saveLastSeqs(Collection<LockedRoom> lockedRooms) {
        List<Object[]> arguments = new ArrayList<>(lockedRooms.size());
        for (LockedRoom room : lockedRooms) {
            if (room.lastSeq != room.lockedAtSeq || room.lastRev != room.lockedAtRev) {
                arguments.add(new Object[] {room.lastSeq, room.lastRev, room.id});
            }
        }
        if (!arguments.isEmpty()) {
            jdbc.batchUpdate("update rooms set last_seq = ?, last_rev = ? where id = ?", arguments);
        }
    }

    /**
     * For a caller's own transaction, which may hold some of these rooms as entities read before they were
     * numbered from: reads them again, so that it sees the counters {@link #saveLastSeqs} wrote.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void refreshEntities(Collection<Long> roomIds) {
        for (Long id : roomIds) {
            Room room = entityManager.find(Room.class, id);
            if (room != null) {
                entityManager.refresh(room);
            }
        }
    }

    /**
     * Whether {@code userId} is a member of {@code lockedRoom}, a room this transaction has {@link #lock locked}.
     * {@code askTheDatabase} skips what is remembered: for a transaction that may itself have changed the members
     * before locking.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean isMember(LockedRoom lockedRoom, String userId, boolean askTheDatabase) {
        Set<String> rememberedMembers = askTheDatabase ? null : rememberedMembers(lockedRoom);
        if (rememberedMembers != null && rememberedMembers.contains(userId)) {
            return true;
        }
        boolean member = jdbc.queryForObject(IS_MEMBER, Long.class, lockedRoom.id(), userId) > 0;
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

    /**
     * Whether {@code lockedRoom}, locked by this transaction, is a DIRECT room that a block between its two members
     * has closed to both: no post is taken there, whoever sends it. Other rooms are never closed. An open DIRECT
     * room is remembered as such for its membership version, which the closing block bumps.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean isClosed(LockedRoom lockedRoom, boolean askTheDatabase) {
        if (lockedRoom.type() != RoomType.DIRECT) {
            return false;
        }
        KnownMembers rememberedRoom = askTheDatabase ? null : remembered(lockedRoom);
        if (rememberedRoom != null && rememberedRoom.open().get()) {
            return false;
        }
        boolean closed = blocks.anyAmong(jdbc.queryForList(MEMBER_IDS, String.class, lockedRoom.id()));
        if (!closed && rememberedRoom != null) {
            rememberedRoom.open().set(true);
        }
        return closed;
    }

    /** The members remembered for the locked room's membership version; a new version starts with none. */
    private Set<String> rememberedMembers(LockedRoom lockedRoom) {
        return remembered(lockedRoom).userIds();
    }

    private KnownMembers remembered(LockedRoom lockedRoom) {
        long version = lockedRoom.membershipVersion();
        KnownMembers members = known.get(lockedRoom.id());
        if (members == null || members.version() != version) {
            members = new KnownMembers(version, ConcurrentHashMap.newKeySet(), new AtomicBoolean());
            known.put(lockedRoom.id(), members);
        }
        return members;
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

    /** What is remembered of a room as of one membership version; {@code open} only ever turns true for DIRECT rooms. */
    private record KnownMembers(long version, Set<String> userIds, AtomicBoolean open) {
    }

    /**
     * A room whose row this transaction holds locked: what posting needs of it, and its message counter.
     * {@link #nextSeq()} is only called under that lock, which is what keeps {@code seq} gap-free and unique under
     * concurrent senders on any number of nodes.
     */
    static final class LockedRoom {

        private final long id;
        private final RoomType type;
        private final long membershipVersion;
        private final long lockedAtSeq;
        private final long lockedAtRev;
        private long lastSeq;
        private long lastRev;

        LockedRoom(long id, RoomType type, long lastSeq, long membershipVersion, long lastRev) {
            this.id = id;
            this.type = type;
            this.lockedAtSeq = lastSeq;
            this.lastSeq = lastSeq;
            this.membershipVersion = membershipVersion;
            this.lockedAtRev = lastRev;
            this.lastRev = lastRev;
        }

        Long id() {
            return id;
        }

        RoomType type() {
            return type;
        }

        long membershipVersion() {
            return membershipVersion;
        }

        /** Hands out the next message number of this room; {@link #saveLastSeqs} stores where it got to. */
        long nextSeq() {
            return ++lastSeq;
        }

        /** Hands out the room's next change number (see {@link io.chatplatform.domain.change.RoomChangeLog}). */
        long nextRev() {
            return ++lastRev;
        }
    }
}
