package io.chatplatform.ws.session;

/**
 * A token bucket for one connection's incoming frames: {@code perSecond} sustained, {@code burst} at once. It
 * also counts refusals in a row, so that a client which keeps flooding after being told can be cut off.
 */
final class RateLimiter {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;
    private int refusedInARow;

    RateLimiter(double perSecond, int burst, long now) {
        this.perNano = perSecond / 1_000_000_000d;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = now;
    }

    /** Takes one token if there is one; {@code now} is {@link System#nanoTime()}. */
    synchronized boolean tryAcquire(long now) {
        tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            refusedInARow = 0;
            return true;
        }
        refusedInARow++;
        return false;
    }

    synchronized int refusedInARow() {
        return refusedInARow;
    }
}
