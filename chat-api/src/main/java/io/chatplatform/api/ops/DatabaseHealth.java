package io.chatplatform.api.ops;

import io.chatplatform.domain.common.DatabaseProbe;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code db} health, bounded: a stalled database makes the default check (a validation query on a pooled
 * connection) wait as long as the socket timeout, and every probe with it. Here the {@link DatabaseProbe} asks, on its
 * own thread and one probe at a time; the check waits at most {@code chat.database.health-timeout} and reports DOWN
 * when no answer came, so readiness turns DOWN within seconds of an outage or a stall, and UP again with the first
 * probe that succeeds.
 */
class DatabaseHealth implements HealthIndicator {

    private final DatabaseProbe probe;
    private final Duration timeout;

    DatabaseHealth(DatabaseProbe probe, Duration timeout) {
        this.probe = probe;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try {
            return probe.probe().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
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
}
