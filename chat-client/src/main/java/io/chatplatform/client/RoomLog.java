package io.chatplatform.client;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Each followed room's changes, handed on in {@code rev} order, each once (docs/protocol.md §7 rule 8–9, §9.4): the
 * same rules as the web UI's {@code RevOrder} (revs.js). A live frame whose rev is the room's next one is delivered; an
 * older one is a duplicate and is dropped; a newer one means something is missing, so it is held and the room is
 * caught up with {@code SYNC {afterRev}}, whose CHANGES pages are delivered in order before the held frames that are
 * still ahead.
 *
 * <p>Pure logic without I/O, so that it can be tested alone. Not thread-safe: the client calls it from its own thread.
 */
final class RoomLog {

    /** Room change frames (they carry {@code rev}); CHANGES replays exactly these. */
    static final Set<String> CHANGE_TYPES = Set.of("MESSAGE", "MESSAGE_UPDATED", "MESSAGE_DELETED", "REACTION",
            "THREAD_UPDATED", "MEMBER_JOINED", "MEMBER_LEFT", "MEMBER_UPDATED", "ROOM_UPDATED");

    /** What the log asks of the client. */
    interface Sink {
        /** Hands one change to the application, in rev order (replayed changes are marked {@link Frame#replayed()}). */
        void deliver(Frame change);

        /** Sends {@code SYNC {roomId, afterRev}}; returns whether it went (false: not connected). */
        boolean requestSync(long roomId, long afterRev);

        /** A live frame showed that changes {@code (have, seen)} are missing; a SYNC follows. */
        void gap(long roomId, long have, long seen);

        /** The room is caught up to {@code rev}: no SYNC under way, nothing held. */
        void caughtUp(long roomId, long rev);
    }

    private static final class Room {
        long rev;
        boolean syncing;
        final TreeMap<Long, Frame> held = new TreeMap<>();
        /** Followed from a live frame, not by the application: the rev before that frame; -1 once the app follows. */
        long implicitFrom = -1;
        /** After a re-base: the revs delivered before it, {@code [skipFrom, skipTo]}, not to be delivered again. */
        long skipFrom = -1;
        long skipTo = -1;
        /** SYNCs asked before a re-base and not answered yet: their pages start after the old rev and are ignored. */
        int staleSyncs;

        Room(long rev) {
            this.rev = rev;
        }

        boolean delivered(long rev) {
            return rev >= skipFrom && rev <= skipTo;
        }
    }

    private final Sink sink;
    private final int maxHeld;
    private final Map<Long, Room> rooms = new HashMap<>();

    RoomLog(Sink sink, int maxHeld) {
        this.sink = sink;
        this.maxHeld = maxHeld;
    }

    static boolean isChange(Frame frame) {
        return CHANGE_TYPES.contains(frame.type()) && frame.has("rev") && frame.has("roomId");
    }

    boolean follows(long roomId) {
        return rooms.containsKey(roomId);
    }

    /** The last rev delivered in the room; -1 when the room is not followed. */
    long rev(long roomId) {
        Room room = rooms.get(roomId);
        return room == null ? -1 : room.rev;
    }

    boolean syncing(long roomId) {
        Room room = rooms.get(roomId);
        return room != null && room.syncing;
    }

    boolean anySyncing() {
        return rooms.values().stream().anyMatch(room -> room.syncing);
    }

    Set<Long> rooms() {
        return Set.copyOf(rooms.keySet());
    }

    /** Starts following a room after {@code rev} (its changes up to it count as known). False if already followed. */
    boolean follow(long roomId, long rev) {
        if (rooms.containsKey(roomId)) {
            return false;
        }
        rooms.put(roomId, new Room(rev));
        return true;
    }

    /**
     * The application follows the room after {@code rev}. A room followed only from a live frame (at that frame's rev
     * - 1) is re-based when that was later than {@code rev}: the changes in between are caught up too, and those
     * delivered since the live frame are not delivered again. True when the room needs a SYNC from its new rev; false
     * when it was already followed by the application, or from no later than {@code rev}.
     */
    boolean followByApplication(long roomId, long rev) {
        Room room = rooms.get(roomId);
        if (room == null) {
            rooms.put(roomId, new Room(rev));
            return true;
        }
        long from = room.implicitFrom;
        room.implicitFrom = -1;
        if (from <= rev) {
            return false;
        }
        if (room.rev > from) {
            room.skipFrom = from + 1;
            room.skipTo = room.rev;
        }
        room.rev = rev;
        if (room.syncing) {
            room.staleSyncs++; // its page would start after the old rev; the SYNC from the new one follows it
        }
        return true;
    }

    void forget(long roomId) {
        rooms.remove(roomId);
    }

    /**
     * A live change frame. A room not followed yet is followed from this frame on: the client cannot know what came
     * before it, and the application asked for nothing earlier. If it asks later ({@link #followByApplication}, e.g.
     * a {@code sync} just after connecting, which this frame overtook), the room is re-based.
     */
    void offer(Frame frame) {
        long roomId = frame.longValue("roomId");
        long rev = frame.longValue("rev");
        Room room = rooms.computeIfAbsent(roomId, id -> {
            Room implicit = new Room(rev - 1);
            implicit.implicitFrom = rev - 1;
            return implicit;
        });
        if (rev <= room.rev || room.held.containsKey(rev) || room.delivered(rev)) {
            return; // a duplicate, or a change a CHANGES page already gave
        }
        if (room.syncing || rev > room.rev + 1) {
            hold(room, frame);
            if (!room.syncing) {
                sink.gap(roomId, room.rev, rev);
                sync(roomId);
            }
            return;
        }
        room.rev = rev;
        sink.deliver(frame);
        drain(roomId, room);
    }

    /** Asks for the changes after the last delivered rev; does nothing while one is under way. */
    boolean sync(long roomId) {
        Room room = rooms.get(roomId);
        if (room == null || room.syncing) {
            return false;
        }
        if (!sink.requestSync(roomId, room.rev)) {
            return false;
        }
        room.syncing = true;
        return true;
    }

    /** Catches up every followed room (after READY on a new connection). */
    void syncAll() {
        for (Long roomId : Set.copyOf(rooms.keySet())) {
            sync(roomId);
        }
    }

    /** A CHANGES page: its entries in order, then the next page, or the frames held meanwhile. */
    void changes(Frame page) {
        long roomId = page.longValue("roomId");
        Room room = rooms.get(roomId);
        if (room == null) {
            return; // forgotten while the SYNC was under way
        }
        if (room.staleSyncs > 0) {
            room.staleSyncs--; // asked before a re-base: ask again from the new rev
            room.syncing = false;
            sync(roomId);
            return;
        }
        for (Frame entry : page.frames("changes")) {
            Frame change = entry.asReplayed(roomId);
            Long rev = change.longValue("rev");
            if (rev != null) {
                if (rev <= room.rev) {
                    continue;
                }
                room.rev = rev;
                if (room.delivered(rev)) {
                    continue; // delivered live before the application followed the room from earlier
                }
            }
            sink.deliver(change);
        }
        room.syncing = false;
        Long pageRev = page.longValue("rev");
        if (pageRev != null) {
            room.rev = Math.max(room.rev, pageRev); // the page may skip revs that a newer message copy covered
        }
        if (room.rev >= room.skipTo) {
            room.skipFrom = -1;
            room.skipTo = -1;
        }
        if (page.bool("hasMore")) {
            sync(roomId);
            return;
        }
        drain(roomId, room);
    }

    /** The room's SYNC was refused or went unanswered: it may be asked again; held frames wait for that. */
    void syncFailed(long roomId) {
        Room room = rooms.get(roomId);
        if (room != null) {
            room.syncing = false;
            room.staleSyncs = Math.max(0, room.staleSyncs - 1);
        }
    }

    /** The connection went: nothing is under way any more, and held frames are stale (the next SYNC covers them). */
    void reset() {
        for (Room room : rooms.values()) {
            room.syncing = false;
            room.staleSyncs = 0;
            room.held.clear();
        }
    }

    private void hold(Room room, Frame frame) {
        if (room.held.size() >= maxHeld) {
            room.held.clear(); // a SYNC is cheaper than frames that may never line up
        }
        room.held.put(frame.longValue("rev"), frame);
    }

    /** Delivers the held frames that now follow without a gap; a gap left behind is caught up with SYNC. */
    private void drain(long roomId, Room room) {
        room.held.headMap(room.rev, true).clear();
        Frame next = room.held.remove(room.rev + 1);
        while (next != null) {
            room.rev = next.longValue("rev");
            sink.deliver(next);
            next = room.held.remove(room.rev + 1);
        }
        if (!room.held.isEmpty()) {
            sink.gap(roomId, room.rev, room.held.firstKey());
            sync(roomId);
        } else if (!room.syncing) {
            sink.caughtUp(roomId, room.rev);
        }
    }
}
