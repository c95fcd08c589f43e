package io.chatplatform.ws.session;

/**
 * A token bucket for one connection's incoming frames: {@code perSecond} sustained, {@code burst} at once. It
 * also counts the refusals since the client last slowed down, so that a client which keeps flooding after being
 * told can be cut off. Slowing down means a frame found the bucket with a token to spare; a frame that merely
 * caught the token that trickled in since the last one does not count, or a steady flood at any pace below
 * {@code floodLimit} frames per refill interval would never be cut off. (With a burst of 1 no token is ever
 * to spare, and refusals add up over the connection's life.)
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
            if (tokens >= 1) {
                refusedInARow = 0;
            }
            return true;
        }
        refusedInARow++;
        return false;
    }

    /** Frames refused since the client last slowed down below its rate. */
    synchronized int refusedInARow() {
        return refusedInARow;
    }
}
