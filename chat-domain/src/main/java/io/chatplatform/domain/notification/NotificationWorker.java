package io.chatplatform.domain.notification;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs the work that turns domain events into notifications off the thread that caused them. A message's
 * after-commit listeners run while the sender waits for its ACK and the room's posting lock is held; looking up
 * members and storing mentions there would slow every sender down. One thread keeps notifications in event
 * order; when the queue is full the caller runs the task itself, which slows producers instead of dropping work.
 */
@Component
class NotificationWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NotificationWorker.class);
    private static final int QUEUE_CAPACITY = 10_000;

    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
                Thread thread = new Thread(runnable, "notification-worker");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    void submit(String what, Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Creating notifications for {} failed", what, e);
            }
        });
    }

    /** Lets queued work finish, briefly, so that a graceful shutdown loses as little as possible. */
    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("{} notification tasks dropped at shutdown", executor.shutdownNow().size());
        }
    }
}
