package io.chatplatform.ws.delivery;

import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.cluster.*}.
 *
 * @param mode      {@code none} (one node, the default) or {@code redis}
 * @param redisUrl  the Redis server nodes share, e.g. {@code redis://redis:6379}
 * @param keyPrefix prefix of every Redis key and channel, so several clusters (or test runs) can share a server
 * @param nodeId    this node's name in the cluster; random unless set
 * @param heartbeat how often this node refreshes its presence keys
 * @param nodeTtl   how long a node's presence keys outlive its last heartbeat
 * @param gapTimeout how long a room waits for a missing message from another node before reading it from the database
 * @param secret    the key that authenticates every envelope the nodes exchange through Redis (HMAC-SHA256), at
 *                  least 32 bytes, the same on every node; normally from {@code CHAT_CLUSTER_SECRET}. When blank,
 *                  a key is derived from the JWT secret (nodes share that too), with a warning, unless
 *                  {@code requireSecret} is set
 * @param requireSecret refuse to start in cluster mode without {@code secret} (set by the {@code prod} profile)
 * @param envelopeMaxAge how far an envelope's sending time may lie from its arrival (either way, for clock skew);
 *                  beyond that it is rejected, so a recorded envelope can be replayed only within this window
 */
@ConfigurationProperties("chat.cluster")
public record ClusterProperties(
        @DefaultValue("none") Mode mode,
        @DefaultValue("redis://localhost:6379") String redisUrl,
        @DefaultValue("chat") String keyPrefix,
        String nodeId,
        @DefaultValue("5s") Duration heartbeat,
        @DefaultValue("15s") Duration nodeTtl,
        @DefaultValue("300ms") Duration gapTimeout,
        String secret,
        @DefaultValue("false") boolean requireSecret,
        @DefaultValue("30s") Duration envelopeMaxAge) {

    public ClusterProperties {
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = UUID.randomUUID().toString();
        }
    }

    public enum Mode {
        NONE,
        REDIS
    }
}
