package io.chatplatform.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void ceilingDoublesFromTheBaseUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.999_999);
        List<Long> ceilings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ceilings.add(backoff.ceilingMillis());
            backoff.next();
        }
        assertThat(ceilings).containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L, 30000L);
    }

    @Test
    void waitsAreFullJitterUnderTheCeiling() {
        double[] draws = {0.0, 0.5, 0.25};
        int[] i = {0};
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> draws[i[0]++]);
        assertThat(backoff.next()).isEqualTo(Duration.ZERO);
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));      // half of 2 s
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));      // a quarter of 4 s
    }

    @Test
    void resetStartsSmallAgainAndManyAttemptsNeverOverflow() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.5);
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.next()).isBetween(Duration.ZERO, Duration.ofSeconds(30));
        }
        assertThat(backoff.ceilingMillis()).isEqualTo(30_000);
        backoff.reset();
        assertThat(backoff.attempts()).isZero();
        assertThat(backoff.ceilingMillis()).isEqualTo(500);
    }

    @Test
    void refusesNonsenseBounds() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
