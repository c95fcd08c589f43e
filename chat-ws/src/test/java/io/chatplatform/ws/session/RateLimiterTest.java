package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    static final long MS = 1_000_000;

    @Test
    void burstIsAdmittedAtOnceThenTheSustainedRate() {
        RateLimiter limiter = new RateLimiter(5, 10, 0);

        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire(0)).isTrue();
        }
        assertThat(limiter.tryAcquire(0)).isFalse();
        assertThat(limiter.tryAcquire(100 * MS)).isFalse();
        assertThat(limiter.tryAcquire(200 * MS)).isTrue();
        assertThat(limiter.tryAcquire(200 * MS)).isFalse();
    }

    @Test
    void steadyFloodAtTenTimesTheRateKeepsCountingRefusalsThoughATokenTricklesInNowAndThen() {
        RateLimiter limiter = new RateLimiter(5, 10, 0);
        long now = 0;
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire(now);
        }

        int admitted = 0;
        for (int frame = 0; frame < 50; frame++) { // one frame every 20 ms for a second
            now += 20 * MS;
            admitted += limiter.tryAcquire(now) ? 1 : 0;
        }

        assertThat(admitted).isBetween(4, 6);
        assertThat(limiter.refusedInARow()).isGreaterThanOrEqualTo(44);
    }

    @Test
    void clientThatSlowsDownIsForgivenItsRefusals() {
        RateLimiter limiter = new RateLimiter(5, 10, 0);
        for (int i = 0; i < 15; i++) {
            limiter.tryAcquire(0);
        }
        assertThat(limiter.refusedInARow()).isEqualTo(5);

        assertThat(limiter.tryAcquire(1_000 * MS)).isTrue(); // a quiet second refilled five tokens

        assertThat(limiter.refusedInARow()).isZero();
    }
}
