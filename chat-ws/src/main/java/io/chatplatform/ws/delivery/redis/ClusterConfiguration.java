package io.chatplatform.ws.delivery.redis;

import io.chatplatform.domain.auth.AuthProperties;

import io.chatplatform.ws.delivery.ClusterBus;
import io.chatplatform.ws.delivery.ClusterProperties;
import io.chatplatform.ws.delivery.LocalClusterBus;
import io.chatplatform.ws.delivery.LocalPresence;
import io.chatplatform.ws.delivery.Presence;
import io.chatplatform.ws.session.SessionRegistry;
import io.micrometer.core.instrument.MeterRegistry;
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

        /** Fails the start where the profile requires chat.cluster.secret and it is missing. */
        @Bean
        EnvelopeCodec envelopeCodec(ClusterProperties properties, AuthProperties auth, JsonMapper mapper) {
            return new EnvelopeCodec(mapper, EnvelopeMac.forCluster(properties, auth),
                    properties.envelopeMaxAge().toMillis());
        }

        @Bean
        ClusterBus clusterBus(RedisConnections redis, ClusterProperties properties, EnvelopeCodec codec,
                MeterRegistry meters) {
            return new RedisClusterBus(redis, properties, codec, meters);
        }

        @Bean
        Presence presence(RedisConnections redis, SessionRegistry registry, ClusterProperties properties) {
            return new RedisPresence(redis, registry, properties);
        }
    }
}
