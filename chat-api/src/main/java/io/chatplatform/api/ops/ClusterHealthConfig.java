package io.chatplatform.api.ops;

import io.chatplatform.ws.delivery.redis.RedisConnections;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** In cluster mode a node without Redis cannot deliver to the others: its health says so. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "chat.cluster.mode", havingValue = "redis")
class ClusterHealthConfig {

    @Bean
    HealthIndicator redisHealthIndicator(RedisConnections redis) {
        return () -> redis.ping() ? Health.up().build() : Health.down().withDetail("redis", "no answer to PING").build();
    }
}
