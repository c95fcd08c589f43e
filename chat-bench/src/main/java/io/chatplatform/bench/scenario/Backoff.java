package io.chatplatform.bench.scenario;

import java.time.Duration;

/**
 * Exponential reconnect backoff with jitter, as the protocol recommends to clients (§9.2). The n-th wait's ceiling
 * is {@code min(max, initial * 2^(n-1))}. With full jitter (the default, {@link #full}) the wait is uniform in
 * {@code [0, ceiling)}: clients dropped at the same instant spread over the whole window, and after an outage the
 * last of them is back at most one ceiling after the server, on average a third of one (the ±20 % variant leaves
 * them up to 1.2 ceilings away, on average half of one). With a fraction {@code jitter} in {@code [0, 1)} the wait
 * is the ceiling moved by a random factor in {@code [1 - jitter, 1 + jitter)}.
 *
 * <p>A refusal that names its own wait ({@code 503} with {@code Retry-After}, what a stopping node answers) is
 * honoured: the client waits at least that long, spread over one initial wait beyond it so that the refused do not
 * return in lockstep.
 *
 * @param jitter a fraction in {@code [0, 1)}, e.g. 0.2 for ±20 %; ignored when {@code full}
 * @param full   whether the wait is uniform in {@code [0, ceiling)} (full jitter)
 */
public record Backoff(Duration initial, Duration max, double jitter, boolean full) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: need 0 < initial <= max: " + initial + ", " + max);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("--backoff-jitter must be full or in [0, 1): " + jitter);
        }
    }

    /** The ceiling moved by ±{@code jitter}. */
    public Backoff(Duration initial, Duration max, double jitter) {
        this(initial, max, jitter, false);
    }

    /** Full jitter: each wait uniform in {@code [0, ceiling)}. */
    public static Backoff full(Duration initial, Duration max) {
        return new Backoff(initial, max, 0, true);
    }

    /**
     * @param attempt 1 for the wait before the first reconnect attempt, 2 after that one failed, ...
     * @param random  uniform in {@code [0, 1)}
     */
    public long delayNanos(int attempt, double random) {
        long ceiling = ceilingNanos(attempt);
        if (full) {
            return Math.round(ceiling * random);
        }
        return Math.round(ceiling * (1 + jitter * (2 * random - 1)));
    }

    /**
     * The wait after a refusal that asked for {@code retryAfter}: at least that, and no less than the backoff.
     *
     * @param random uniform in {@code [0, 1)}
     */
    public long delayNanos(int attempt, double random, Duration retryAfter) {
        long backoff = delayNanos(attempt, random);
        long asked = retryAfter.toNanos();
        return backoff >= asked ? backoff : asked + Math.round(initial.toNanos() * random);
    }

    private long ceilingNanos(int attempt) {
        long base = initial.toNanos();
        long cap = max.toNanos();
        for (int i = 1; i < attempt && base < cap; i++) {
            base *= 2;
        }
        return Math.min(base, cap);
    }

    /** As the report shows it, e.g. {@code 500 ms x2 up to 5000 ms, full jitter}. */
    public String describe() {
        return String.format("%d ms x2 up to %d ms, %s, Retry-After honoured", initial.toMillis(), max.toMillis(),
                full ? "full jitter" : String.format("+-%.0f%%", jitter * 100));
    }
}
