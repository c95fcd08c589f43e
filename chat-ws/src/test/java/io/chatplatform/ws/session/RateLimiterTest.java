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

    @Test
    void saysHowLongUntilTheNextWholeToken() {
        RateLimiter limiter = new RateLimiter(5, 2, 0);
        assertThat(limiter.nanosUntilToken(0)).isZero();
        limiter.tryAcquire(0);
        limiter.tryAcquire(0);

        assertThat(limiter.nanosUntilToken(0)).isEqualTo(200 * MS);
        assertThat(limiter.nanosUntilToken(150 * MS)).isEqualTo(50 * MS);
        assertThat(limiter.nanosUntilToken(200 * MS)).isZero();
    }

    @Test
    void framesRefusedTogetherAreToldToComeBackOneIntervalApartSoTheirResendsFindTokens() {
        RateLimiter limiter = new RateLimiter(5, 10, 0);
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire(0);
        }

        long[] retries = new long[4];
        for (int i = 0; i < retries.length; i++) {
            assertThat(limiter.tryAcquire(0)).isFalse();
            retries[i] = limiter.retryAfter(0);
        }

        assertThat(retries).containsExactly(200 * MS, 400 * MS, 600 * MS, 800 * MS);
        for (long retry : retries) {
            assertThat(limiter.tryAcquire(retry)).as("the resend at %d ms", retry / MS).isTrue();
        }
    }

    @Test
    void aRefusalAfterTheGivenTimesHavePassedWaitsOnlyForTheNextToken() {
        RateLimiter limiter = new RateLimiter(5, 1, 0);
        limiter.tryAcquire(0);
        limiter.tryAcquire(0);
        assertThat(limiter.retryAfter(0)).isEqualTo(200 * MS);
        assertThat(limiter.retryAfter(0)).isEqualTo(400 * MS);

        limiter.tryAcquire(5_000 * MS);
        assertThat(limiter.tryAcquire(5_000 * MS)).isFalse();

        assertThat(limiter.retryAfter(5_000 * MS)).isEqualTo(200 * MS);
    }
}
