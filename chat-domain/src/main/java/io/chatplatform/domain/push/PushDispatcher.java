package io.chatplatform.domain.push;

import io.chatplatform.domain.common.DaemonThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends pushes off the caller's thread, with bounded retries. An attempt the push service answers with 429 or 5xx
 * (or that gets no answer) is retried after a backoff that starts at {@code chat.push.initial-backoff} and doubles,
 * up to {@code chat.push.max-attempts} attempts; a {@code Retry-After} is honoured (never retried sooner), and one
 * longer than {@code chat.push.max-backoff} gives up. 404/410 removes the subscription.
 * <p>
 * Waiting retries sit in a scheduler, not on a sleeping thread. At most {@code chat.push.queue-capacity} tasks
 * (lookups, first attempts and retries) wait at once; beyond that new ones are dropped and counted in
 * {@code chat.push.dropped}: a push is a nudge, the notification itself is stored and replayed on /ws/notify.
 */
@Component
class PushDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PushDispatcher.class);

    private final ScheduledThreadPoolExecutor executor;
    private final List<PushGateway> gateways;
    private final PushService subscriptions;
    private final PushProperties properties;
    private final AtomicInteger pending = new AtomicInteger();
    private final Counter dropped;
    private final Counter delivered;
    private final Counter failed;

    PushDispatcher(List<PushGateway> gateways, PushService subscriptions, PushProperties properties,
            MeterRegistry meters) {
        this.gateways = gateways;
        this.subscriptions = subscriptions;
        this.properties = properties;
        this.dropped = Counter.builder("chat.push.dropped").description("pushes dropped: queue full").register(meters);
        this.delivered = Counter.builder("chat.push.delivered").description("pushes accepted by a push service")
                .register(meters);
        this.failed = Counter.builder("chat.push.failed").description("pushes given up on").register(meters);
        this.executor = new ScheduledThreadPoolExecutor(2, DaemonThreads.named("push-"));
        this.executor.setRemoveOnCancelPolicy(true);
    }

    /** Runs the task soon on a push thread, or drops it when too much is waiting. */
    void submit(Runnable task) {
        schedule(task, Duration.ZERO);
    }

    /** Sends the message to the subscription, retrying as described above. Called on a push thread. */
    void deliver(PushSubscriptionView subscription, PushMessage message) {
        PushGateway gateway = gateways.stream().filter(candidate -> candidate.handles(subscription)).findFirst()
                .orElse(null);
        if (gateway == null) {
            log.warn("No push gateway handles {}", subscription);
            return;
        }
        attempt(gateway, subscription, message, 1);
    }

    private void attempt(PushGateway gateway, PushSubscriptionView subscription, PushMessage message, int attempt) {
        PushGateway.Outcome outcome;
        try {
            outcome = gateway.send(subscription, message);
        } catch (RuntimeException e) {
            outcome = new PushGateway.Outcome.Failed(e.toString());
        }
        if (outcome instanceof PushGateway.Outcome.Delivered) {
            delivered.increment();
        } else if (outcome instanceof PushGateway.Outcome.Gone gone) {
            log.info("Push service answered {} for {}: removing it", gone.status(), subscription);
            subscriptions.removeGone(subscription);
        } else if (outcome instanceof PushGateway.Outcome.Failed refused) {
            giveUp(subscription, refused.reason());
        } else if (outcome instanceof PushGateway.Outcome.Retry retry) {
            Duration wait = retryWait(retry, attempt);
            if (attempt >= properties.maxAttempts() || wait.compareTo(properties.maxBackoff()) > 0) {
                giveUp(subscription, retry.reason() + " after " + attempt + " attempts");
            } else {
                schedule(() -> attempt(gateway, subscription, message, attempt + 1), wait);
            }
        }
    }

    /** The backoff for this attempt, or the service's Retry-After when that is longer. */
    private Duration retryWait(PushGateway.Outcome.Retry retry, int attempt) {
        Duration backoff = properties.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        if (backoff.compareTo(properties.maxBackoff()) > 0) {
            backoff = properties.maxBackoff();
        }
        return retry.retryAfter() != null && retry.retryAfter().compareTo(backoff) > 0 ? retry.retryAfter() : backoff;
    }

    private void giveUp(PushSubscriptionView subscription, String reason) {
        failed.increment();
        log.warn("Gave up pushing to {}: {}", subscription, reason);
    }

    private void schedule(Runnable task, Duration delay) {
        if (pending.incrementAndGet() > properties.queueCapacity()) {
            pending.decrementAndGet();
            dropped.increment();
            return;
        }
        try {
            executor.schedule(() -> {
                pending.decrementAndGet();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Push task failed", e);
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            pending.decrementAndGet();
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
