package io.chatplatform.ws.cluster;

import io.chatplatform.ws.session.ClusterProperties;
import io.chatplatform.ws.session.ClusterBus;
import io.chatplatform.ws.session.Envelope;
import io.chatplatform.ws.session.LocalClusterBus;

import io.chatplatform.ws.chat.LocalPresence;
import io.chatplatform.ws.chat.Presence;
import io.chatplatform.ws.session.SessionRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** One node ({@code chat.cluster.mode=none}, the default) or a Redis-backed cluster ({@code redis}). */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "chat.cluster.mode", havingValue = "none", matchIfMissing = true)
    static class SingleNode {

        @Bean
        ClusterBus clusterBus() {
            return new LocalClusterBus();
        }

        @Bean
        Presence presence(SessionRegistry registry) {
            return new LocalPresence(registry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "chat.cluster.mode", havingValue = "redis")
    static class RedisCluster {

        @Bean
        RedisConnections redisConnections(ClusterProperties properties) {
            return new RedisConnections(properties);
        }

        @Bean
        ClusterBus clusterBus(RedisConnections redis, ClusterProperties properties, JsonMapper mapper) {
            return new RedisClusterBus(redis, properties, mapper);
        }

        @Bean
        Presence presence(RedisConnections redis, SessionRegistry registry, ClusterProperties properties) {
            return new RedisPresence(redis, registry, properties);
        }
    }
}
