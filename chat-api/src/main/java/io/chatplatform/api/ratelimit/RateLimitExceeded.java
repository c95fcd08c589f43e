package io.chatplatform.api.ratelimit;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import java.time.Duration;

/** A call refused by a {@link RateLimit}: answered 429 {@code RATE_LIMITED} with a {@code Retry-After} header. */
public class RateLimitExceeded extends DomainException {

    private final Duration retryAfter;

    RateLimitExceeded(RateLimit limit, Rate rate, Duration retryAfter) {
        super(ErrorCode.RATE_LIMITED, "too many " + limit.counted() + " (at most " + rate + "); retry in "
                + seconds(retryAfter) + " s");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds until a call can succeed, rounded up (a client waiting exactly this long is not refused again). */
    public long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    static long seconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
