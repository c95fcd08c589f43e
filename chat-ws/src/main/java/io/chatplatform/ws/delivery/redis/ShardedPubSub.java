package io.chatplatform.ws.delivery.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
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
import java.util.concurrent.TimeUnit;
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

        /**
         * One {@code SSUBSCRIBE} per slot (Redis refuses channels of several slots in one), sent to the slot's master,
         * all in flight at once; returns when every one is confirmed.
         */
        @Override
        void subscribe(Collection<String> channels) {
            List<RedisFuture<Void>> pending = new ArrayList<>();
            bySlot(channels).forEach((slot, some) -> {
                RedisClusterNode master = connection.getPartitions().getPartitionBySlot(slot);
                if (master == null) {
                    throw new IllegalStateException("no Redis Cluster master serves slot " + slot);
                }
                pending.add(connection.getConnection(master.getNodeId()).async()
                        .ssubscribe(some.toArray(String[]::new)));
                some.forEach(channel -> subscribedOn.put(channel, master.getNodeId()));
            });
            await(pending);
        }

        @Override
        void unsubscribe(Collection<String> channels) {
            List<RedisFuture<Void>> pending = new ArrayList<>();
            bySlot(channels).forEach((slot, some) -> {
                Map<String, List<String>> byNode = new LinkedHashMap<>();
                for (String channel : some) {
                    String nodeId = subscribedOn.remove(channel);
                    if (nodeId != null) {
                        byNode.computeIfAbsent(nodeId, id -> new ArrayList<>()).add(channel);
                    }
                }
                byNode.forEach((nodeId, ofNode) -> pending.add(connection.getConnection(nodeId).async()
                        .sunsubscribe(ofNode.toArray(String[]::new))));
            });
            await(pending);
        }

        private static Map<Integer, List<String>> bySlot(Collection<String> channels) {
            Map<Integer, List<String>> bySlot = new LinkedHashMap<>();
            for (String channel : channels) {
                bySlot.computeIfAbsent(SlotHash.getSlot(channel), slot -> new ArrayList<>()).add(channel);
            }
            return bySlot;
        }

        private void await(List<RedisFuture<Void>> pending) {
            long timeout = connection.getTimeout().toMillis();
            if (!LettuceFutures.awaitAll(timeout, TimeUnit.MILLISECONDS, pending.toArray(RedisFuture[]::new))) {
                throw new RedisCommandTimeoutException("sharded subscriptions not confirmed within " + timeout + " ms");
            }
        }

        @Override
        void close() {
            connection.close();
        }
    }
}
