package io.chatplatform.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.lettuce.core.RedisCommandTimeoutException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Where the buckets are counted when the shared store stops answering, and when it is asked again. */
class RateLimitsTest {

    final RateLimitProperties properties = new RateLimitProperties(true, Rate.valueOf("10/1m"), Rate.valueOf("3/1h"),
            Rate.valueOf("5/1h"), Rate.valueOf("30/1h"), Rate.valueOf("120/1m"), Rate.valueOf("60/1m"));
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final Store store = new Store(new LocalBucketStore(properties));
    final RateLimits limits = new RateLimits(properties, store, new LocalBucketStore(properties),
            new SimpleMeterRegistry(), now::get);

    @Test
    void whileTheStoreIsAwayTheNodeCountsAloneAndAsksTheStoreAgainAfterAWhile() {
        store.failure = new RedisCommandTimeoutException("Command timed out after 2 second(s)");

        for (int i = 0; i < 3; i++) {
            limits.consume(RateLimit.LOGIN_PER_USERNAME, "alice");
        }
        assertThatThrownBy(() -> limits.consume(RateLimit.LOGIN_PER_USERNAME, "alice"))
                .as("the limit holds, counted locally").isInstanceOf(RateLimitExceeded.class);
        assertThat(store.asked).as("asked once, then left alone").hasValue(1);

        now.addAndGet(RateLimits.AWAY_FOR.toNanos());
        limits.consume(RateLimit.LOGIN_PER_USERNAME, "bob");
        assertThat(store.asked).as("asked again once the while is over").hasValue(2);

        store.failure = null;
        now.addAndGet(RateLimits.AWAY_FOR.toNanos());
        for (int i = 0; i < 3; i++) {
            limits.consume(RateLimit.LOGIN_PER_USERNAME, "alice");
        }
        assertThat(store.asked).as("back: every call counted by the store").hasValue(5);
        assertThatThrownBy(() -> limits.consume(RateLimit.LOGIN_PER_USERNAME, "alice"))
                .isInstanceOf(RateLimitExceeded.class);
    }

    @Test
    void aFailureThatIsNoOutageIsNotHidden() {
        store.failure = new IllegalStateException("a bug");

        assertThatThrownBy(() -> limits.consume(RateLimit.LOGIN_PER_USERNAME, "alice"))
                .isInstanceOf(IllegalStateException.class);
        store.failure = null;
        limits.consume(RateLimit.LOGIN_PER_USERNAME, "alice");
        assertThat(store.asked).as("not taken for an outage: the store is asked at once").hasValue(2);
    }

    /** A shared store that fails with {@link #failure} when set, else counts like memory. */
    static final class Store implements BucketStore {
        final BucketStore buckets;
        final AtomicInteger asked = new AtomicInteger();
        volatile RuntimeException failure;

        Store(BucketStore buckets) {
            this.buckets = buckets;
        }

        @Override
        public Bucket bucket(RateLimit limit, String key, Bandwidth bandwidth) {
            asked.incrementAndGet();
            RuntimeException failing = failure;
            if (failing == null) {
                return buckets.bucket(limit, key, bandwidth);
            }
            Bucket broken = mock(Bucket.class);
            when(broken.tryConsumeAndReturnRemaining(anyLong())).thenThrow(failing);
            return broken;
        }
    }
}
