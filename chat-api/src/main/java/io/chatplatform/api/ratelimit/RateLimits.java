package io.chatplatform.api.ratelimit;

import io.chatplatform.domain.common.Unavailable;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST rate limits. A controller calls {@link #consume} first thing, before the work the limit protects (for a
 * login, before the BCrypt round), with the key the limit counts by: the client address, the caller's user id or
 * the username tried.
 * <p>
 * While the shared store (Redis) does not answer, the buckets are counted in this node's memory instead
 * ({@code whileAway}), so that logins and the other limited calls go on, limited per node, rather than fail: the
 * budget of a client that spreads its calls over the nodes is multiplied by their number for as long as Redis is
 * away. The store is asked again {@link #AWAY_FOR} after each failure, by one call while the others go on locally.
 */
public class RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    /** How long the buckets are counted locally after the store failed, before one call asks it again. */
    static final Duration AWAY_FOR = Duration.ofSeconds(10);

    /** 128 bits of SHA-256: no two keys of one limit collide by chance. */
    private static final int KEY_DIGEST_BYTES = 16;

    private final RateLimitProperties properties;
    private final BucketStore store;
    private final Map<RateLimit, Bandwidth> bandwidths = new EnumMap<>(RateLimit.class);
    private final Map<RateLimit, Counter> refusals = new EnumMap<>(RateLimit.class);
    /** Where buckets are counted while {@code store} is away; null when {@code store} is this node's memory. */
    private final BucketStore whileAway;
    private final LongSupplier nanoTime;
    private volatile boolean away;
    /** While {@link #away}: until when (System.nanoTime) calls count locally without asking the store. */
    private final AtomicLong localUntil = new AtomicLong();

    RateLimits(RateLimitProperties properties, BucketStore store, BucketStore whileAway, MeterRegistry meters,
            LongSupplier nanoTime) {
        this.properties = properties;
        this.store = store;
        this.whileAway = whileAway;
        this.nanoTime = nanoTime;
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
        ConsumptionProbe probe = take(limit, digest(key));
        if (!probe.isConsumed()) {
            refusals.get(limit).increment();
            throw new RateLimitExceeded(limit, limit.rateIn(properties),
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    private ConsumptionProbe take(RateLimit limit, String key) {
        Bandwidth bandwidth = bandwidths.get(limit);
        if (whileAway == null) {
            return store.bucket(limit, key, bandwidth).tryConsumeAndReturnRemaining(1);
        }
        if (countsLocally()) {
            return whileAway.bucket(limit, key, bandwidth).tryConsumeAndReturnRemaining(1);
        }
        try {
            ConsumptionProbe probe = store.bucket(limit, key, bandwidth).tryConsumeAndReturnRemaining(1);
            if (away) {
                away = false;
                log.info("Redis answers again: the REST rate limits are counted cluster-wide again");
            }
            return probe;
        } catch (RuntimeException e) {
            if (!Unavailable.isOutage(e)) {
                throw e;
            }
            localUntil.set(nanoTime.getAsLong() + AWAY_FOR.toNanos());
            if (!away) {
                away = true;
                log.warn("Redis is not answering ({}): the REST rate limits are counted by this node alone until it"
                        + " answers again", e.toString());
            }
            return whileAway.bucket(limit, key, bandwidth).tryConsumeAndReturnRemaining(1);
        }
    }

    /** Whether this call counts locally: the store is away, and it is not this call's turn to ask it again. */
    private boolean countsLocally() {
        if (!away) {
            return false;
        }
        long until = localUntil.get();
        long now = nanoTime.getAsLong();
        return now - until < 0 || !localUntil.compareAndSet(until, now + AWAY_FOR.toNanos());
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
