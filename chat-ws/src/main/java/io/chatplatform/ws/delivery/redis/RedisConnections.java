package io.chatplatform.ws.delivery.redis;

import io.chatplatform.ws.delivery.ClusterProperties;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.DisposableBean;

/**
 * The Redis connections of this node, to one server ({@code redis://host:port}) or to a Redis Cluster
 * ({@code redis-cluster://host:port[,host:port...]}, any of its nodes; the rest are discovered): one for commands and
 * publishing, the sharded subscriptions ({@link ShardedPubSub}), and those other features open with codecs of their
 * own ({@link #connect}). Callers see the commands both kinds share ({@link RedisClusterCommands}); on a cluster
 * each command goes to the shard that owns its key's slot, so a command or script touching several keys must keep
 * them in one slot (a hash tag, {@code {...}}).
 */
public class RedisConnections implements DisposableBean {

    public static final String CLUSTER_SCHEME = "redis-cluster://";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final AbstractRedisClient client;
    private final Link<String, String> commands;
    private final ShardedPubSub subscription;
    private final List<StatefulConnection<?, ?>> others = new CopyOnWriteArrayList<>();

    /** One open connection with the commands a single server and a cluster both answer. */
    public record Link<K, V>(StatefulConnection<K, V> connection, RedisClusterCommands<K, V> sync,
            RedisClusterAsyncCommands<K, V> async) {
    }

    RedisConnections(ClusterProperties properties) {
        String url = properties.redisUrl();
        if (url.startsWith(CLUSTER_SCHEME)) {
            RedisClusterClient cluster = RedisClusterClient.create(clusterUris(url));
            cluster.setOptions(ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(Duration.ofSeconds(30))
                            .build())
                    .build());
            this.client = cluster;
            this.commands = connect(cluster, StringCodec.UTF8);
            this.subscription = ShardedPubSub.of(cluster.connectPubSub());
        } else {
            RedisURI uri = RedisURI.create(url);
            uri.setTimeout(COMMAND_TIMEOUT);
            RedisClient single = RedisClient.create(uri);
            this.client = single;
            this.commands = connect(single, StringCodec.UTF8);
            this.subscription = ShardedPubSub.of(single.connectPubSub());
        }
    }

    private static List<RedisURI> clusterUris(String url) {
        List<RedisURI> uris = new ArrayList<>();
        for (String node : url.substring(CLUSTER_SCHEME.length()).split(",")) {
            RedisURI uri = RedisURI.create("redis://" + node.trim());
            uri.setTimeout(COMMAND_TIMEOUT);
            uris.add(uri);
        }
        return uris;
    }

    private static <K, V> Link<K, V> connect(AbstractRedisClient client, RedisCodec<K, V> codec) {
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<K, V> connection = cluster.connect(codec);
            return new Link<>(connection, connection.sync(), connection.async());
        }
        StatefulRedisConnection<K, V> connection = ((RedisClient) client).connect(codec);
        return new Link<>(connection, connection.sync(), connection.async());
    }

    /**
     * Runs {@code action} (on Lettuce's event thread: hand real work elsewhere) whenever a connection to a Redis
     * node is (re-)established, e.g. a cluster master that crashed is back: its sharded subscriptions are gone.
     */
    void onConnectionActivated(Runnable action) {
        client.getResources().eventBus().get()
                .filter(ConnectionActivatedEvent.class::isInstance)
                .subscribe(event -> action.run());
    }

    /** Whether this node talks to a Redis Cluster rather than one server. */
    public boolean isCluster() {
        return client instanceof RedisClusterClient;
    }

    Link<String, String> commands() {
        return commands;
    }

    /** String commands on the node's shared connection. */
    public RedisClusterCommands<String, String> sync() {
        return commands.sync();
    }

    ShardedPubSub subscription() {
        return subscription;
    }

    /** Another connection to the same server or cluster with another codec; closed with this node's others. */
    public <K, V> Link<K, V> connect(RedisCodec<K, V> codec) {
        Link<K, V> link = connect(client, codec);
        others.add(link.connection());
        return link;
    }

    /** Whether Redis answers (every master of a cluster), for health checks. */
    public boolean ping() {
        try {
            if (commands.connection() instanceof StatefulRedisClusterConnection<String, String> cluster) {
                return cluster.sync().upstream().commands().ping().asMap().values().stream()
                        .allMatch("PONG"::equals);
            }
            return "PONG".equals(commands.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void destroy() {
        others.forEach(StatefulConnection::close);
        subscription.close();
        commands.connection().close();
        client.shutdown();
    }
}
