package io.chatplatform.bench.scenario;

import java.time.Duration;

/**
 * Exponential reconnect backoff with jitter, as the protocol recommends to clients (§9.2): the n-th wait is
 * {@code min(max, initial * 2^(n-1))}, moved by a random factor in {@code [1 - jitter, 1 + jitter)} so that clients
 * dropped at the same instant do not come back in lockstep.
 *
 * @param jitter a fraction in {@code [0, 1)}, e.g. 0.2 for ±20 %
 */
public record Backoff(Duration initial, Duration max, double jitter) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: need 0 < initial <= max: " + initial + ", " + max);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("--backoff-jitter must be in [0, 1): " + jitter);
        }
    }

    /**
     * @param attempt 1 for the wait before the first reconnect attempt, 2 after that one failed, ...
     * @param random  uniform in {@code [0, 1)}
     */
    public long delayNanos(int attempt, double random) {
        long base = initial.toNanos();
        long cap = max.toNanos();
        for (int i = 1; i < attempt && base < cap; i++) {
            base *= 2;
        }
        double factor = 1 + jitter * (2 * random - 1);
        return Math.round(Math.min(base, cap) * factor);
    }
}
