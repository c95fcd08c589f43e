package io.chatplatform.api.ratelimit;

import io.chatplatform.ws.delivery.ClusterProperties;
import io.chatplatform.ws.delivery.redis.RedisConnections;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The buckets live where the rest of the cluster state does: in Redis when {@code chat.cluster.mode=redis}, so a
 * client cannot multiply its budget by the number of nodes; in this node's memory otherwise.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    RateLimits rateLimits(RateLimitProperties properties, BucketStore store, MeterRegistry meters) {
        // With Redis, this node's memory stands in while Redis is away.
        BucketStore whileAway = store instanceof LocalBucketStore ? null : new LocalBucketStore(properties);
        return new RateLimits(properties, store, whileAway, meters, System::nanoTime);
    }

    @Bean
    @ConditionalOnProperty(name = "chat.cluster.mode", havingValue = "none", matchIfMissing = true)
    BucketStore localBucketStore(RateLimitProperties properties) {
        return new LocalBucketStore(properties);
    }

    @Bean
    @ConditionalOnProperty(name = "chat.cluster.mode", havingValue = "redis")
    BucketStore redisBucketStore(RedisConnections redis, ClusterProperties cluster) {
        // Bucket4j stores its state as bytes; the node's other connections speak strings.
        return new RedisBucketStore(
                redis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)).connection(),
                cluster.keyPrefix());
    }
}
