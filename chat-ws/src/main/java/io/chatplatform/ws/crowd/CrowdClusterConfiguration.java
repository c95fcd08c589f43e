package io.chatplatform.ws.crowd;

import io.chatplatform.domain.crowd.CrowdLedger;
import io.chatplatform.ws.delivery.ClusterProperties;
import io.chatplatform.ws.delivery.redis.RedisConnections;
import io.chatplatform.ws.session.SessionRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** In a Redis cluster the crowd counts are shared ({@link RedisCrowdLedger}); one node counts in its memory. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "chat.cluster.mode", havingValue = "redis")
class CrowdClusterConfiguration {

    @Bean
    CrowdLedger crowdLedger(RedisConnections redis, ClusterProperties properties) {
        return new RedisCrowdLedger(redis, properties);
    }

    @Bean
    RedisAdminRoster redisAdminRoster(RedisConnections redis, SessionRegistry registry, ClusterProperties properties) {
        return new RedisAdminRoster(redis, registry, properties);
    }
}
