package io.chatplatform.ws.session;

/**
 * A token bucket for one connection's incoming frames: {@code perSecond} sustained, {@code burst} at once. It
 * also counts the refusals since the client last slowed down, so that a client which keeps flooding after being
 * told can be cut off. Slowing down means a frame found the bucket with a token to spare; a frame that merely
 * caught the token that trickled in since the last one does not count, or a steady flood at any pace below
 * {@code floodLimit} frames per refill interval would never be cut off. (With a burst of 1 no token is ever
 * to spare, and refusals add up over the connection's life.)
 *
 * <p>It also says how long to wait: until the next token ({@link #nanosUntilToken}, for pausing the reads), or,
 * for a refused frame, until the turn of that frame ({@link #retryAfter}).
 */
final class RateLimiter {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;
    private int refusedInARow;
    /** The latest time given to a refused frame for its resend. */
    private long lastRetryAt;

    RateLimiter(double perSecond, int burst, long now) {
        this.perNano = perSecond / 1_000_000_000d;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = now;
        this.lastRetryAt = now - interval();
    }

    /** Takes one token if there is one; {@code now} is {@link System#nanoTime()}. */
    synchronized boolean tryAcquire(long now) {
        refill(now);
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

    /** How long until the bucket holds a whole token; 0 when it holds one now. */
    synchronized long nanosUntilToken(long now) {
        refill(now);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    /**
     * When a frame refused now should be sent again, in nanoseconds from now: the next token, or one interval
     * after the time given to the frame refused before it, whichever is later. A client that resends every
     * refused frame at its own time so sends them at the sustained rate, and they find tokens; a burst of refused
     * frames is not told to come back all at once, only to be refused again. Call once per refused frame.
     */
    synchronized long retryAfter(long now) {
        long nextToken = now + nanosUntilToken(now);
        long afterPrevious = lastRetryAt + interval();
        // nanoTime may wrap: compare the difference, never the values
        lastRetryAt = nextToken - afterPrevious > 0 ? nextToken : afterPrevious;
        return lastRetryAt - now;
    }

    /** Time between two tokens, rounded up. */
    private long interval() {
        return (long) Math.ceil(1 / perNano);
    }

    private void refill(long now) {
        tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
    }
}
