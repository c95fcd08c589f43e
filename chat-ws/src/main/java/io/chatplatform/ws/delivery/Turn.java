package io.chatplatform.ws.delivery;

/**
 * One session's turn at its writer: how long its socket has kept the writer waiting so far. A send that takes a
 * millisecond or more waited for room in the socket (or, now and then, for a core); faster sends are the writer's
 * own work and do not count, so a client that reads quickly is written everything collected for it at once, however
 * much, and only a slow reader's turn ends early.
 */
final class Turn {

    /** A send at least this long counts as waiting, all of it. */
    static final long WAIT_FLOOR_NANOS = 1_000_000;

    private final long limitNanos;
    private long waitedNanos;

    /** @param limitNanos how long the socket may keep the writer waiting before the turn ends; 0 ends it at once */
    Turn(long limitNanos) {
        this.limitNanos = limitNanos;
    }

    /**
     * Counts a send that took {@code nanos}.
     *
     * @return whether the turn is over
     */
    boolean took(long nanos) {
        if (nanos >= WAIT_FLOOR_NANOS) {
            waitedNanos += nanos;
        }
        return over();
    }

    boolean over() {
        return waitedNanos >= limitNanos;
    }
}
