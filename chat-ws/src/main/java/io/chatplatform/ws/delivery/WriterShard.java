package io.chatplatform.ws.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread and the sessions it owns. Tasks run in the order given, so a session's frames keep the order
 * their senders gave them. Each time the writer wakes it takes everything waiting (up to {@link #MAX_DRAIN}
 * tasks), collects each session's frames, and writes each session's collection in one go: a session that fell
 * behind catches up in a few writes rather than one per frame.
 *
 * <p>Each session's writes of a drain are its {@link Turn}. A turn ends once the session's socket has kept the
 * writer waiting for {@link #turnNanos}; the session keeps the rest and is written again in the next drain, after
 * the others have had theirs. So a client that reads slowly but steadily (every write finishing within the stall
 * limit) delays the writer's other sessions by a turn per drain, not by everything collected for it, while a
 * client that reads quickly is written all that was collected for it in one go.
 */
final class WriterShard {

    private static final Logger log = LoggerFactory.getLogger(WriterShard.class);
    /** Bounds how long the first session of a drain waits for the last task to be collected. */
    static final int MAX_DRAIN = 1024;
    /** How soon an idle writer notices it is told to stop; never interrupted, so no write is cut short. */
    private static final long IDLE_POLL_MILLIS = 100;

    final int index;
    /** How long one session's socket may keep the writer waiting in one drain before the others' turn comes. */
    final long turnNanos;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    /** Frames handed to this writer's sessions (one per session a task names), for {@code chat.ws.writer.frames}. */
    private final LongAdder frames = new LongAdder();
    /** Turns that ended with frames left, for {@code chat.ws.writer.turns.cut}; only the writer thread adds. */
    private final LongAdder turnsCut = new LongAdder();
    private final Thread thread;
    private volatile boolean running;

    /** With {@code threadName} null, tasks run at once on the giver's thread (tests of what the tasks do). */
    WriterShard(int index, String threadName, Duration turn) {
        this.index = index;
        this.turnNanos = turn.toNanos();
        if (threadName == null) {
            this.thread = null;
            return;
        }
        this.running = true;
        this.thread = new Thread(this::work, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a task; never blocks. Once stopped (or without a thread) it runs on the caller's thread. */
    void submit(Write write) {
        frames.add(write.targets().size());
        if (running) {
            queue.add(write);
            return;
        }
        for (ShardOutbox target : write.targets()) {
            target.collectAndFlush(write.text(), write.first());
        }
    }

    private void work() {
        List<Write> drained = new ArrayList<>();
        List<ShardOutbox> touched = new ArrayList<>();
        List<ShardOutbox> carried = new ArrayList<>(); // sessions whose turn ended with frames left
        while (running || !queue.isEmpty() || !carried.isEmpty()) {
            Write first;
            try {
                first = carried.isEmpty() ? queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS) : queue.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null && carried.isEmpty()) {
                continue;
            }
            if (first != null) {
                drained.add(first);
                queue.drainTo(drained, MAX_DRAIN - 1);
            }
            // A carried session is still listed, so collecting more for it does not list it again.
            touched.addAll(carried);
            carried.clear();
            for (Write write : drained) {
                for (ShardOutbox target : write.targets()) {
                    try {
                        if (target.collect(write.text(), write.first())) {
                            touched.add(target);
                        }
                    } catch (RuntimeException | Error e) {
                        log.warn("Collecting a frame failed", e); // the others are still collected and written
                    }
                }
            }
            for (ShardOutbox target : touched) {
                try {
                    if (target.flushCollected()) {
                        carried.add(target);
                        turnsCut.increment();
                    }
                } catch (RuntimeException | Error e) {
                    // Whatever a write throws, the thread goes on: it alone writes its share of the sessions.
                    log.warn("Writing frames failed", e);
                }
            }
            drained.clear();
            touched.clear();
        }
    }

    long frames() {
        return frames.sum();
    }

    long turnsCut() {
        return turnsCut.sum();
    }

    /** Tells the writer to stop once what is queued is written; later tasks run on their givers' threads. */
    void stop() {
        running = false;
    }

    /** Waits at most {@code millis} for the writer to finish what was queued. */
    void awaitStopped(long millis) throws InterruptedException {
        if (thread != null) {
            thread.join(millis);
        }
    }
}
