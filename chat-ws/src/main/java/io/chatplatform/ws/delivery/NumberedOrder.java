package io.chatplatform.ws.delivery;

import io.chatplatform.domain.common.DaemonThreads;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Hands deliveries numbered per key (consecutive numbers for each key, as the deciding side numbered them) on in
 * that order, whatever order they arrive in, from this node or over the bus. One whose number has passed (a duplicate,
 * or overtaken) is dropped. One that skips a number waits up to {@code holdMillis} for the missing one, then goes
 * anyway; the missing one is dropped if it comes later. The first number heard for a key starts it, after the same
 * wait (an earlier one may still be on its way). A numbering that starts over far ahead (the crowd ledger's, after
 * Redis lost its data) is a gap like any other. Deliveries run under this object's lock and must not block (they
 * queue frames).
 */
final class NumberedOrder implements AutoCloseable {

    private final long holdMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.single("numbered-order"));
    private final Map<Long, Line> lines = new HashMap<>();

    NumberedOrder(long holdMillis) {
        this.holdMillis = holdMillis;
    }

    synchronized void offer(long key, long number, Runnable delivery) {
        Line line = lines.computeIfAbsent(key, k -> new Line());
        if (number <= line.last || line.held.putIfAbsent(number, delivery) != null) {
            return;
        }
        drain(key, line);
    }

    private void drain(long key, Line line) {
        boolean moved = false;
        while (!line.held.isEmpty() && line.held.firstKey() == line.last + 1) {
            line.last = line.held.firstKey();
            line.held.pollFirstEntry().getValue().run();
            moved = true;
        }
        if (line.timeout != null && (moved || line.held.isEmpty())) {
            line.timeout.cancel(false); // filled; a gap left behind it gets a wait of its own
            line.timeout = null;
        }
        if (!line.held.isEmpty() && line.timeout == null) {
            long generation = ++line.generation;
            line.timeout = timer.schedule(() -> giveUpWaiting(key, line, generation), holdMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The missing number did not come in time: go on from the first one held. A wait cancelled while this task was
     * already running is over: its generation is no longer the line's.
     */
    private synchronized void giveUpWaiting(long key, Line line, long generation) {
        if (line.generation != generation || line.timeout == null) {
            return;
        }
        line.timeout = null;
        if (!line.held.isEmpty()) {
            line.last = line.held.firstKey() - 1;
            drain(key, line);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One key's last number handed on (0: none yet), and the ones waiting for a missing number. */
    private static final class Line {
        long last;
        final TreeMap<Long, Runnable> held = new TreeMap<>();
        ScheduledFuture<?> timeout;
        /** Which wait {@link #timeout} is: a wait that fires after it was replaced does nothing. */
        long generation;
    }
}
