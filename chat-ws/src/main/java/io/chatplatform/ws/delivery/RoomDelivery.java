package io.chatplatform.ws.delivery;

import io.chatplatform.domain.common.Lanes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs the socket side of committed messages (encoding, fan-out, ACKs) off the message writer's thread, so that
 * the next batch is stored while the last one is delivered: on a busy node the two use both cores instead of
 * taking turns on one. Each room belongs to one delivery thread, which runs its tasks in the order given, so a
 * room's messages keep their seq order. A full queue makes the giver wait rather than drop anything.
 */
@Component
public class RoomDelivery implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RoomDelivery.class);
    static final int THREADS = 2;
    static final int QUEUE_CAPACITY = 100_000;

    private final List<BlockingQueue<Runnable>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    RoomDelivery() {
        this(THREADS);
    }

    /** With no threads, tasks run at once on the caller's thread (for tests of what the tasks do). */
    public RoomDelivery(int threadCount) {
        for (int i = 0; i < threadCount; i++) {
            BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
            Thread thread = new Thread(() -> work(queue), "room-delivery-" + i);
            thread.setDaemon(true);
            queues.add(queue);
            threads.add(thread);
            thread.start();
        }
    }

    /** Runs {@code task} on the room's delivery thread, after every task given earlier for the room. */
    public void execute(Long roomId, Runnable task) {
        if (!running || queues.isEmpty()) {
            task.run(); // shutting down (or no threads): deliver on the caller's thread
            return;
        }
        try {
            queues.get(Lanes.of(roomId, queues.size())).put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.run();
        }
    }

    private void work(BlockingQueue<Runnable> queue) {
        while (running || !queue.isEmpty()) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                continue; // running is false now: finish what is queued, then stop
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // The thread goes on whatever a task throws: it alone delivers its lane of rooms, and a full lane
                // would hold up the message writer.
                log.warn("Delivering a room event failed", e);
            }
        }
    }

    @Override
    public void destroy() {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
