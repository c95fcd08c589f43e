package io.chatplatform.domain.common;

/**
 * Which of {@code lanes} threads owns a room. Work that must keep a room's order (the message writer numbering
 * and storing its posts, delivery handing its frames out) goes to one lane per room, so one room is never worked
 * on by two threads at once while different rooms spread over all of them.
 *
 * <p>Room ids are handed out in order, so their low bits follow the order rooms were created in; taking them
 * modulo the lane count directly would crowd rooms created in step (every second one, every fourth one) onto the
 * same lanes. The id is mixed first (the finaliser of MurmurHash3), so that every bit of it moves the lane.
 */
public final class Lanes {

    private Lanes() {
    }

    /** The lane of {@code roomId} among {@code lanes} (at least 1): the same room always gets the same lane. */
    public static int of(long roomId, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1, was " + lanes);
        }
        return (int) Long.remainderUnsigned(mix(roomId), lanes);
    }

    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
