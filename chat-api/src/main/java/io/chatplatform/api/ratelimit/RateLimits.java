package io.chatplatform.api.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

/**
 * The REST rate limits. A controller calls {@link #consume} first thing, before the work the limit protects (for a
 * login, before the BCrypt round), with the key the limit counts by: the client address, the caller's user id or
 * the username tried.
 */
public class RateLimits {

    /** 128 bits of SHA-256: no two keys of one limit collide by chance. */
    private static final int KEY_DIGEST_BYTES = 16;

    private final RateLimitProperties properties;
    private final BucketStore store;
    private final Map<RateLimit, Bandwidth> bandwidths = new EnumMap<>(RateLimit.class);
    private final Map<RateLimit, Counter> refusals = new EnumMap<>(RateLimit.class);

    RateLimits(RateLimitProperties properties, BucketStore store, MeterRegistry meters) {
        this.properties = properties;
        this.store = store;
        for (RateLimit limit : RateLimit.values()) {
            Rate rate = limit.rateIn(properties);
            bandwidths.put(limit, Bandwidth.builder().capacity(rate.capacity())
                    .refillGreedy(rate.capacity(), rate.period()).build());
            refusals.put(limit, Counter.builder("chat.api.rate.limited").tag("limit", limit.key())
                    .description("REST calls refused with 429 RATE_LIMITED").register(meters));
        }
    }

    /**
     * Takes one call from the bucket of {@code key} under {@code limit}.
     *
     * @throws RateLimitExceeded when the bucket is empty; nothing is taken then
     */
    public void consume(RateLimit limit, String key) {
        if (!properties.enabled()) {
            return;
        }
        ConsumptionProbe probe = store.bucket(limit, digest(key), bandwidths.get(limit))
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            refusals.get(limit).increment();
            throw new RateLimitExceeded(limit, limit.rateIn(properties),
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /**
     * Keys are hashed: a bucket's key stays small whatever a client sends as a username, and no address, user id or
     * username is written to Redis.
     */
    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, KEY_DIGEST_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
