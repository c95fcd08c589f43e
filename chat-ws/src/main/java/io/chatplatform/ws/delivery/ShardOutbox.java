package io.chatplatform.ws.delivery;

import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.Outbox;
import io.chatplatform.ws.session.WsMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A session's place in its writer's share: what it has queued (bounded by the send buffer limit) and, while the
 * writer drains, the frames collected for it, written together.
 */
final class ShardOutbox implements Outbox {

    /** Compared by identity: a frame's text is never this very object. */
    static final String PING = new String("ping");

    final WriterShard shard;
    private final BlockingSocket socket;
    private final Endpoint endpoint;
    private final WsMetrics metrics;
    private final Consumer<Throwable> onFailure;
    private final long limitChars;
    private final AtomicLong queuedChars = new AtomicLong();
    private volatile boolean stopped;
    /**
     * The frames of the writer's current drain. The writer thread touches it, and after the writer stopped the givers
     * do ({@link #collectAndFlush}), so every use holds this outbox's lock (never contended while the writer runs).
     */
    private final List<String> collected = new ArrayList<>();
    /** Whether READY was collected; until then frames wait in {@link #beforeFirst}. Guarded as collected is. */
    private boolean opened;
    private final List<String> beforeFirst = new ArrayList<>();
    /**
     * Whether the writer has this outbox on its list for flushing (this drain's, or carried to the next): set when
     * {@link #collect} first finds frames to write, cleared when a flush leaves none. Guarded as collected is.
     */
    private boolean listed;

    /** An outbox whose frames wait for READY ({@link #offerFirst}), as every session's does. */
    ShardOutbox(WriterShard shard, BlockingSocket socket, Endpoint endpoint, WsMetrics metrics, long limitBytes,
            Consumer<Throwable> onFailure) {
        this(shard, socket, endpoint, metrics, limitBytes, onFailure, true);
    }

    /** With {@code awaitFirst} false, frames leave from the start: for tests of the writers themselves. */
    ShardOutbox(WriterShard shard, BlockingSocket socket, Endpoint endpoint, WsMetrics metrics, long limitBytes,
            Consumer<Throwable> onFailure, boolean awaitFirst) {
        this.opened = !awaitFirst;
        this.shard = shard;
        this.socket = socket;
        this.endpoint = endpoint;
        this.metrics = metrics;
        // Queued frames are Java strings; two bytes a char bounds the memory they hold.
        this.limitChars = Math.max(1, limitBytes / 2);
        this.onFailure = onFailure;
    }

    @Override
    public boolean offer(String text) {
        if (stopped) {
            return true; // closing: the client SYNCs after reconnecting
        }
        if (!reserve(text)) {
            return false;
        }
        shard.submit(new Write(text, List.of(this)));
        return true;
    }

    @Override
    public boolean offerFirst(String text) {
        if (stopped) {
            return true;
        }
        if (!reserve(text)) {
            return false;
        }
        shard.submit(new Write(text, List.of(this), true));
        return true;
    }

    @Override
    public void offerPing() {
        if (!stopped) {
            shard.submit(new Write(PING, List.of(this)));
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    /** Counts a frame against the limit before it is queued; false, counting nothing, when it would pass it. */
    boolean reserve(String text) {
        if (queuedChars.addAndGet(text.length()) > limitChars) {
            queuedChars.addAndGet(-text.length());
            return false;
        }
        return true;
    }

    /**
     * Takes a frame of the writer's current drain: it is written with the drain, unless READY has not come yet, in
     * which case it waits for READY and leaves right behind it.
     *
     * @return whether the session is to be put on the writer's list for flushing: it has frames to write and is not
     *         listed already
     */
    synchronized boolean collect(String text, boolean first) {
        if (first) {
            opened = true;
            collected.add(text);
            collected.addAll(beforeFirst);
            beforeFirst.clear();
        } else if (opened) {
            collected.add(text);
        } else {
            beforeFirst.add(text);
        }
        if (listed || collected.isEmpty()) {
            return false;
        }
        listed = true;
        return true;
    }

    /** Collects and writes one frame at once, on the giver's thread: a writer that has stopped, or none (tests). */
    synchronized void collectAndFlush(String text, boolean first) {
        if (collect(text, first)) {
            while (flushCollected()) {
                // turn after turn: nobody else waits for this thread
            }
        }
    }

    /**
     * Writes what the drain collected, for one {@link Turn}: runs of frames in one go each, a ping on its own between
     * them. A socket that keeps the writer waiting for the shard's {@link WriterShard#turnNanos} (a client reading
     * slowly but steadily) keeps the rest for its next turn, so the writer's other sessions are not held up behind
     * everything collected for it.
     *
     * @return whether frames are left for the session's next turn (they stay collected, in order; later frames are
     *         collected behind them)
     */
    synchronized boolean flushCollected() {
        int written = collected.size();
        try {
            written = write(collected, new Turn(shard.turnNanos));
        } finally {
            // Whatever was written leaves the collection, all of it when a write threw, else every later drain
            // would add to a list that is never written.
            if (written >= collected.size()) {
                collected.clear();
            } else {
                collected.subList(0, written).clear();
            }
            listed = !collected.isEmpty();
        }
        return listed;
    }

    /**
     * Writes frames and pings in order, until all are written or the turn is over.
     * Synchronized: after shutdown, callers write on their own threads, and two must not write one socket at once.
     *
     * @return how many of the texts were written (or given up, the session having failed), from the first
     */
    synchronized int write(List<String> texts, Turn turn) {
        int from = 0;
        while (from < texts.size()) {
            if (texts.get(from) == PING) {
                ping(turn);
                from++;
            } else {
                int end = from;
                while (end < texts.size() && texts.get(end) != PING) {
                    end++;
                }
                from += writeFrames(texts.subList(from, end), turn);
                if (from < end) {
                    return from;
                }
            }
            if (from < texts.size() && turn.over()) {
                return from;
            }
        }
        return from;
    }

    /** @return how many of the texts are done with: written, or all of them once the session failed or stopped */
    private int writeFrames(List<String> texts, Turn turn) {
        int done = texts.size();
        try {
            if (!stopped) {
                done = Math.min(texts.size(), Math.max(1, socket.sendTexts(texts, turn)));
                metrics.written(endpoint, done);
            }
        } catch (IOException | RuntimeException | Error e) {
            // Stalled past the limit, connection gone, or the container refusing sends while the socket closes; an
            // Error too (a stack overflow inside the container, say) fails this session only, not its writer.
            done = texts.size();
            stopped = true;
            onFailure.accept(e);
        } finally {
            long chars = 0;
            for (int i = 0; i < done; i++) {
                chars += texts.get(i).length();
            }
            queuedChars.addAndGet(-chars);
        }
        return done;
    }

    private void ping(Turn turn) {
        if (stopped) {
            return;
        }
        try {
            socket.sendPing(turn);
        } catch (IOException | RuntimeException | Error e) {
            stopped = true;
            onFailure.accept(e);
        }
    }
}
