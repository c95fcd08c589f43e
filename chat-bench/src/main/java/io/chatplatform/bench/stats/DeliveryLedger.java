package io.chatplatform.bench.stats;

import java.util.BitSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * Accounts for every expected delivery. Each session belongs to one room; a room's messages are known by their
 * {@code seq}. A message the server ACKed, or that any session of the room received, must reach every member
 * session of the room exactly once, in {@code seq} order. {@link #account()} turns what arrived into missing,
 * duplicate and out-of-order counts.
 *
 * <p>{@link #received} for one session must be called from one thread at a time (the session's I/O thread);
 * {@link #acked} from any thread.
 */
public final class DeliveryLedger {

    /** What one received MESSAGE was. */
    public enum Receipt { NEW, DUPLICATE, OUT_OF_ORDER }

    private final int[] roomOfSession;
    private final boolean[] excluded;
    private final SessionLog[] sessions;
    private final RoomLog[] rooms;
    private final int[] activeMembers;
    private final LongAdder unique = new LongAdder();

    /** @param roomOfSession the room index of each session index */
    public DeliveryLedger(int roomCount, int[] roomOfSession) {
        this.roomOfSession = roomOfSession.clone();
        this.excluded = new boolean[roomOfSession.length];
        this.sessions = new SessionLog[roomOfSession.length];
        for (int i = 0; i < sessions.length; i++) {
            sessions[i] = new SessionLog();
        }
        this.rooms = new RoomLog[roomCount];
        for (int i = 0; i < roomCount; i++) {
            rooms[i] = new RoomLog();
        }
        this.activeMembers = new int[roomCount];
        for (int room : roomOfSession) {
            activeMembers[room]++;
        }
    }

    /** A session that never became ready: nothing is expected of it. Call before traffic starts. */
    public void exclude(int session) {
        if (!excluded[session]) {
            excluded[session] = true;
            activeMembers[roomOfSession[session]]--;
        }
    }

    public Receipt received(int session, long seq) {
        SessionLog log = sessions[session];
        if (seq < 1 || seq > Integer.MAX_VALUE) {
            log.invalid++;
            return Receipt.DUPLICATE;
        }
        int index = (int) seq;
        if (log.seen.get(index)) {
            log.duplicates++;
            return Receipt.DUPLICATE;
        }
        log.seen.set(index);
        Receipt receipt = Receipt.NEW;
        if (seq < log.highest) {
            log.outOfOrder++;
            receipt = Receipt.OUT_OF_ORDER;
        } else {
            log.highest = seq;
        }
        unique.increment();
        return receipt;
    }

    /**
     * The server ACKed a message of a room with {@code seq}; {@code messageKey} names the message on the sending
     * side (sender and number). An ACK that gives an already ACKed seq to another message is a seq conflict.
     */
    public void acked(int room, long seq, long messageKey) {
        RoomLog log = rooms[room];
        synchronized (log) {
            if (seq < 1 || seq > Integer.MAX_VALUE) {
                log.conflicts++;
                return;
            }
            int index = (int) seq;
            if (log.acked.get(index)) {
                if (log.keyOf(index) == messageKey) {
                    log.duplicateAcks++;
                } else {
                    log.conflicts++;
                }
                return;
            }
            log.acked.set(index);
            log.setKey(index, messageKey);
            log.ackCount++;
        }
    }

    /** Distinct (session, seq) deliveries so far. */
    public long uniqueDeliveries() {
        return unique.sum();
    }

    /** Deliveries owed so far for the ACKed messages: the drain waits for at least these. */
    public long expectedFromAcks() {
        long expected = 0;
        for (int r = 0; r < rooms.length; r++) {
            synchronized (rooms[r]) {
                expected += rooms[r].ackCount * activeMembers[r];
            }
        }
        return expected;
    }

    public Accounting account() {
        long known = 0;
        long acked = 0;
        long storedNotAcked = 0;
        long expected = 0;
        long missing = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long duplicateAcks = 0;
        long conflicts = 0;
        long invalid = 0;
        unique.sum(); // reads the counter the receiving threads wrote last
        BitSet[] roomKnown = new BitSet[rooms.length];
        for (int r = 0; r < rooms.length; r++) {
            synchronized (rooms[r]) {
                roomKnown[r] = (BitSet) rooms[r].acked.clone();
                acked += rooms[r].ackCount;
                duplicateAcks += rooms[r].duplicateAcks;
                conflicts += rooms[r].conflicts;
            }
        }
        for (int s = 0; s < sessions.length; s++) {
            roomKnown[roomOfSession[s]].or(sessions[s].seen);
        }
        for (int r = 0; r < rooms.length; r++) {
            known += roomKnown[r].cardinality();
            BitSet notAcked = (BitSet) roomKnown[r].clone();
            synchronized (rooms[r]) {
                notAcked.andNot(rooms[r].acked);
            }
            storedNotAcked += notAcked.cardinality();
        }
        for (int s = 0; s < sessions.length; s++) {
            SessionLog log = sessions[s];
            duplicates += log.duplicates;
            outOfOrder += log.outOfOrder;
            invalid += log.invalid;
            if (excluded[s]) {
                continue;
            }
            int messages = roomKnown[roomOfSession[s]].cardinality();
            expected += messages;
            missing += messages - log.seen.cardinality();
        }
        return new Accounting(known, acked, storedNotAcked, expected, expected - missing, missing, duplicates,
                outOfOrder, duplicateAcks, conflicts, invalid);
    }

    private static final class SessionLog {
        final BitSet seen = new BitSet();
        long highest;
        long duplicates;
        long outOfOrder;
        long invalid;
    }

    private static final class RoomLog {
        final BitSet acked = new BitSet();
        long[] keys = new long[64];
        long ackCount;
        long duplicateAcks;
        long conflicts;

        long keyOf(int seq) {
            return seq < keys.length ? keys[seq] : Long.MIN_VALUE;
        }

        void setKey(int seq, long key) {
            if (seq >= keys.length) {
                keys = java.util.Arrays.copyOf(keys, Math.max(seq + 1, keys.length * 2));
            }
            keys[seq] = key;
        }
    }
}
