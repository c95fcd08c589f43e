package io.chatplatform.domain.notification;

import io.chatplatform.domain.common.DaemonThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs the work that turns domain events into notifications off the thread that caused them. A message's
 * after-commit listeners run on the message writer, before the ACKs of its batch and the next batch of every room
 * the writer owns; looking up members and storing mentions there would stall all of them. One thread keeps
 * notifications in event order.
 * <p>
 * The queue is bounded ({@code chat.notifications.queue-capacity}) and a task that finds it full is dropped,
 * counted in {@code chat.notifications.dropped} and logged (at most every {@link #LOG_EVERY_SECONDS} s): never run
 * by the caller, never waited for. Only notifications are lost that way, and only while the worker is that far
 * behind: the messages and room changes they are about are committed already and reach every member through
 * {@code /ws/chat} and history; a notification is a nudge to look, not the record.
 */
@Component
class NotificationWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NotificationWorker.class);
    static final long LOG_EVERY_SECONDS = 10;

    private final ThreadPoolExecutor executor;
    private final Counter dropped;
    private final AtomicLong droppedSinceWarning = new AtomicLong();
    private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());

    NotificationWorker(NotificationProperties properties, MeterRegistry meters) {
        this.dropped = Counter.builder("chat.notifications.dropped")
                .description("notification tasks dropped because the notification worker's queue was full")
                .register(meters);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.queueCapacity()), DaemonThreads.single("notification-worker"),
                (task, executor) -> drop(task));
    }

    /** Queues the task, or drops it when the queue is full; returns at once either way. */
    void submit(String what, Runnable task) {
        executor.execute(new Task(what, () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Creating notifications for {} failed", what, e);
            }
        }));
    }

    private void drop(Runnable task) {
        if (executor.isShutdown()) {
            return; // shutting down: destroy() reports what is left
        }
        dropped.increment();
        droppedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        long due = nextWarning.get();
        if (now - due >= 0 && nextWarning.compareAndSet(due, now + TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS))) {
            log.warn("Notification queue full: dropped the notifications for {} ({} dropped since the last warning)",
                    task instanceof Task named ? named.what() : task, droppedSinceWarning.getAndSet(0));
        }
    }

    /** Lets queued work finish, briefly, so that a graceful shutdown loses as little as possible. */
    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("{} notification tasks dropped at shutdown", executor.shutdownNow().size());
        }
    }

    private record Task(String what, Runnable work) implements Runnable {

        @Override
        public void run() {
            work.run();
        }
    }
}
