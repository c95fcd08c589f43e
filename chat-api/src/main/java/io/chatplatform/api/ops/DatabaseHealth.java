package io.chatplatform.api.ops;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code db} health, bounded: a stalled database makes the default check (a validation query on a pooled
 * connection) wait as long as the socket timeout, and every probe with it. Here one check at a time runs on its own
 * thread; the probe waits at most {@code chat.database.health-timeout} and reports DOWN when no answer came, so
 * readiness turns DOWN within seconds of an outage or a stall, and UP again with the first check that succeeds.
 */
class DatabaseHealth implements HealthIndicator, DisposableBean {

    private final DataSource dataSource;
    private final Duration timeout;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "db-health");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Boolean> running;

    DatabaseHealth(DataSource dataSource, Duration timeout) {
        this.dataSource = dataSource;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        CompletableFuture<Boolean> check;
        try {
            check = check();
        } catch (RejectedExecutionException e) {
            return Health.down().withDetail("database", "the node is shutting down").build();
        }
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? Health.up().build()
                    : Health.down().withDetail("database", "connection not valid").build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("database", "no answer within " + timeout.toMillis() + " ms").build();
        } catch (ExecutionException e) {
            return Health.down().withDetail("database", String.valueOf(e.getCause())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().build();
        }
    }

    /** The check under way, or a new one: a stalled check is waited for, never piled up behind. */
    private synchronized CompletableFuture<Boolean> check() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(this::valid, checker);
        }
        return running;
    }

    private boolean valid() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
    }
}
