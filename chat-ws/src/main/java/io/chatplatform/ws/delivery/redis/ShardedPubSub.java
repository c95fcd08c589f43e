package io.chatplatform.ws.delivery.redis;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Sharded pub/sub ({@code SSUBSCRIBE}, Redis 7) on one server or on a cluster, where each channel lives on the
 * master that owns its slot: the subscription for a channel is made on that master's connection. Lettuce routes
 * {@code SPUBLISH} by its channel itself, but not {@code SSUBSCRIBE}, hence this class. Subscribing waits for Redis to
 * confirm, so whatever is published after {@link #subscribe} returns is heard.
 */
abstract sealed class ShardedPubSub {

    static ShardedPubSub of(StatefulRedisPubSubConnection<String, String> connection) {
        if (connection instanceof StatefulRedisClusterPubSubConnection<String, String> cluster) {
            return new OnCluster(cluster);
        }
        return new OnServer(connection);
    }

    /** Who hears every message, (channel, message), on Redis's I/O thread: hand the work elsewhere. */
    abstract void onMessage(BiConsumer<String, String> listener);

    abstract void subscribe(Collection<String> channels);

    abstract void unsubscribe(Collection<String> channels);

    abstract void close();

    private static final class OnServer extends ShardedPubSub {
        private final StatefulRedisPubSubConnection<String, String> connection;

        OnServer(StatefulRedisPubSubConnection<String, String> connection) {
            this.connection = connection;
        }

        @Override
        void onMessage(BiConsumer<String, String> listener) {
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void smessage(String channel, String message) {
                    listener.accept(channel, message);
                }
            });
        }

        @Override
        void subscribe(Collection<String> channels) {
            if (!channels.isEmpty()) {
                connection.sync().ssubscribe(channels.toArray(String[]::new));
            }
        }

        @Override
        void unsubscribe(Collection<String> channels) {
            if (!channels.isEmpty()) {
                connection.sync().sunsubscribe(channels.toArray(String[]::new));
            }
        }

        @Override
        void close() {
            connection.close();
        }
    }

    private static final class OnCluster extends ShardedPubSub {
        private final StatefulRedisClusterPubSubConnection<String, String> connection;
        /** Channel → the master it was subscribed on, to unsubscribe there even after the slot moved. */
        private final Map<String, String> subscribedOn = new ConcurrentHashMap<>();

        OnCluster(StatefulRedisClusterPubSubConnection<String, String> connection) {
            this.connection = connection;
        }

        @Override
        void onMessage(BiConsumer<String, String> listener) {
            connection.addListener(new RedisClusterPubSubAdapter<>() {
                @Override
                public void smessage(RedisClusterNode node, String channel, String message) {
                    listener.accept(channel, message);
                }
            });
        }

        @Override
        void subscribe(Collection<String> channels) {
            Map<String, List<String>> byMaster = new LinkedHashMap<>();
            for (String channel : channels) {
                RedisClusterNode master = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(channel));
                if (master == null) {
                    throw new IllegalStateException("no Redis Cluster master serves the slot of " + channel);
                }
                byMaster.computeIfAbsent(master.getNodeId(), id -> new ArrayList<>()).add(channel);
            }
            byMaster.forEach((nodeId, some) -> {
                connection.getConnection(nodeId).sync().ssubscribe(some.toArray(String[]::new));
                some.forEach(channel -> subscribedOn.put(channel, nodeId));
            });
        }

        @Override
        void unsubscribe(Collection<String> channels) {
            Map<String, List<String>> byMaster = new LinkedHashMap<>();
            for (String channel : channels) {
                String nodeId = subscribedOn.remove(channel);
                if (nodeId != null) {
                    byMaster.computeIfAbsent(nodeId, id -> new ArrayList<>()).add(channel);
                }
            }
            byMaster.forEach((nodeId, some) ->
                    connection.getConnection(nodeId).sync().sunsubscribe(some.toArray(String[]::new)));
        }

        @Override
        void close() {
            connection.close();
        }
    }
}
