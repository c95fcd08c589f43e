package io.chatplatform.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), 0.2);

    @Test
    void waitsDoubleFromTheInitialUpToTheCap() {
        assertThat(millis(1, 0.5)).isEqualTo(500);
        assertThat(millis(2, 0.5)).isEqualTo(1000);
        assertThat(millis(4, 0.5)).isEqualTo(4000);
        assertThat(millis(5, 0.5)).isEqualTo(5000);
        assertThat(millis(40, 0.5)).isEqualTo(5000);
    }

    @Test
    void jitterMovesEachWaitWithinItsBounds() {
        assertThat(millis(1, 0)).isEqualTo(400);
        assertThat(millis(1, 0.999_999)).isBetween(599L, 600L);
        assertThat(millis(30, 0)).isEqualTo(4000);
        assertThat(millis(30, 0.999_999)).isBetween(5999L, 6000L);
    }

    @Test
    void refusesBoundsThatMakeNoSense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0.2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private long millis(int attempt, double random) {
        return TimeUnit.NANOSECONDS.toMillis(backoff.delayNanos(attempt, random));
    }

    @Test
    void fullJitterSpreadsEachWaitOverZeroToItsCeiling() {
        Backoff full = Backoff.full(Duration.ofMillis(500), Duration.ofSeconds(5));

        assertThat(TimeUnit.NANOSECONDS.toMillis(full.delayNanos(1, 0))).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(full.delayNanos(1, 0.5))).isEqualTo(250);
        assertThat(TimeUnit.NANOSECONDS.toMillis(full.delayNanos(3, 0.999_999))).isBetween(1999L, 2000L);
        assertThat(TimeUnit.NANOSECONDS.toMillis(full.delayNanos(40, 0.999_999))).isBetween(4999L, 5000L);
    }

    @Test
    void aRetryAfterIsWaitedAtLeastAndSpreadOverOneInitialWait() {
        Backoff full = Backoff.full(Duration.ofMillis(500), Duration.ofSeconds(5));

        assertThat(TimeUnit.NANOSECONDS.toMillis(full.delayNanos(1, 0, Duration.ofSeconds(1)))).isEqualTo(1000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(full.delayNanos(1, 0.5, Duration.ofSeconds(1)))).isEqualTo(1250);
        assertThat(TimeUnit.NANOSECONDS.toMillis(full.delayNanos(30, 0.5, Duration.ofSeconds(1))))
                .as("a longer backoff wins").isEqualTo(2500);
    }
}
