package io.chatplatform.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with full jitter (docs/protocol.md §9.2): the n-th wait is uniform in
 * {@code [0, min(max, base × 2^n))}, which spreads a crowd of clients that lost the same server. Not thread-safe: the
 * client uses it from its own thread.
 */
public final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int attempts;

    /** @param random uniform in [0, 1) (e.g. {@code ThreadLocalRandom.current()::nextDouble}); injectable for tests */
    public Backoff(Duration base, Duration max, DoubleSupplier random) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max, got " + base + " and " + max);
        }
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The ceiling of the next wait, before jitter. */
    public long ceilingMillis() {
        int shift = Math.min(attempts, 30);
        long ceiling = baseMillis << shift;
        return ceiling <= 0 || ceiling > maxMillis ? maxMillis : ceiling;
    }

    /** The next wait, and counts one more attempt. */
    public Duration next() {
        long wait = (long) (random.getAsDouble() * ceilingMillis());
        attempts++;
        return Duration.ofMillis(wait);
    }

    /** After a connection that stayed healthy: the next wait starts small again. */
    public void reset() {
        attempts = 0;
    }

    public int attempts() {
        return attempts;
    }
}
