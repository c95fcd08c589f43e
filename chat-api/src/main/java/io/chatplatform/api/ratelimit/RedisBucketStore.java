package io.chatplatform.api.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;

/**
 * Buckets in Redis, so a limit holds across every node behind the load balancer: each call reads the bucket and
 * writes it back with a compare-and-swap, retried when another node got there first (Bucket4j's Lettuce backend).
 * Keys are {@code <chat.cluster.key-prefix>:rate:<limit>:<hashed key>} and expire once their bucket would be full
 * again. When Redis does not answer, {@link RateLimits} counts in this node's memory meanwhile.
 */
class RedisBucketStore implements BucketStore {

    /** Keys outlive the moment their bucket is full by this much: Bucket4j reads the nodes' clocks, which differ. */
    private static final Duration KEEP_AFTER_REFILL = Duration.ofSeconds(10);

    private final ProxyManager<String> buckets;
    private final String keyPrefix;

    /** @param connection to one Redis or to a Redis Cluster (each bucket is one key, so on the shard of its slot) */
    RedisBucketStore(StatefulConnection<String, byte[]> connection, String keyPrefix) {
        var builder = connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster
                ? Bucket4jLettuce.casBasedBuilder(cluster)
                : Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<String, byte[]>) connection);
        this.buckets = builder.expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL)).build();
        this.keyPrefix = keyPrefix + ":rate:";
    }

    @Override
    public Bucket bucket(RateLimit limit, String key, Bandwidth bandwidth) {
        return buckets.builder().build(keyPrefix + limit.key() + ":" + key,
                () -> BucketConfiguration.builder().addLimit(bandwidth).build());
    }
}
