package io.chatplatform.ws.delivery;

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
 */
final class WriterShard {

    private static final Logger log = LoggerFactory.getLogger(WriterShard.class);
    /** Bounds how long the first session of a drain waits for the last task to be collected. */
    static final int MAX_DRAIN = 1024;
    /** How soon an idle writer notices it is told to stop; never interrupted, so no write is cut short. */
    private static final long IDLE_POLL_MILLIS = 100;

    final int index;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    /** Frames handed to this writer's sessions (one per session a task names), for {@code chat.ws.writer.frames}. */
    private final LongAdder frames = new LongAdder();
    private final Thread thread;
    private volatile boolean running;

    /** With {@code threadName} null, tasks run at once on the giver's thread (tests of what the tasks do). */
    WriterShard(int index, String threadName) {
        this.index = index;
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
        while (running || !queue.isEmpty()) {
            Write first;
            try {
                first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            drained.add(first);
            queue.drainTo(drained, MAX_DRAIN - 1);
            try {
                for (Write write : drained) {
                    for (ShardOutbox target : write.targets()) {
                        if (target.collect(write.text(), write.first())) {
                            touched.add(target);
                        }
                    }
                }
                for (ShardOutbox target : touched) {
                    target.flushCollected();
                }
            } catch (RuntimeException | Error e) {
                // Whatever a drain throws, the thread goes on: it alone writes its share of the sessions.
                log.warn("Writing frames failed", e);
            } finally {
                drained.clear();
                touched.clear();
            }
        }
    }

    long frames() {
        return frames.sum();
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
