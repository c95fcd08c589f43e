package io.chatplatform.ws.delivery.redis;

import io.chatplatform.ws.delivery.ClusterProperties;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.DisposableBean;

/**
 * The Redis connections of this node: one for commands and publishing, one for the subscription, and those other
 * features open with codecs of their own ({@link #connect}).
 */
public class RedisConnections implements DisposableBean {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private final List<StatefulRedisConnection<?, ?>> others = new CopyOnWriteArrayList<>();

    RedisConnections(ClusterProperties properties) {
        RedisURI uri = RedisURI.create(properties.redisUrl());
        uri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create(uri);
        this.commands = client.connect();
        this.subscription = client.connectPubSub();
    }

    StatefulRedisConnection<String, String> commands() {
        return commands;
    }

    StatefulRedisPubSubConnection<String, String> subscription() {
        return subscription;
    }

    /** Another connection to the same server with another codec (e.g. byte values); closed with this node's others. */
    public <K, V> StatefulRedisConnection<K, V> connect(RedisCodec<K, V> codec) {
        StatefulRedisConnection<K, V> connection = client.connect(codec);
        others.add(connection);
        return connection;
    }

    /** Whether Redis answers, for health checks. */
    public boolean ping() {
        try {
            return "PONG".equals(commands.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void destroy() {
        others.forEach(StatefulRedisConnection::close);
        subscription.close();
        commands.close();
        client.shutdown();
    }
}
