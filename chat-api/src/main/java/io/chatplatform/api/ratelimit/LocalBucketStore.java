package io.chatplatform.api.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.util.EnumMap;
import java.util.Map;

/**
 * Buckets in this node's memory, one Caffeine cache per limit. A bucket left alone for its limit's period is full
 * again and is dropped; the size cap bounds memory when many addresses come and go (the oldest buckets go first).
 */
class LocalBucketStore implements BucketStore {

    private static final long MAX_BUCKETS_PER_LIMIT = 100_000;

    private final Map<RateLimit, Cache<String, Bucket>> buckets = new EnumMap<>(RateLimit.class);

    LocalBucketStore(RateLimitProperties properties) {
        for (RateLimit limit : RateLimit.values()) {
            buckets.put(limit, Caffeine.newBuilder()
                    .expireAfterAccess(limit.rateIn(properties).period())
                    .maximumSize(MAX_BUCKETS_PER_LIMIT)
                    .build());
        }
    }

    @Override
    public Bucket bucket(RateLimit limit, String key, Bandwidth bandwidth) {
        return buckets.get(limit).get(key, unused -> Bucket.builder().addLimit(bandwidth).build());
    }
}
