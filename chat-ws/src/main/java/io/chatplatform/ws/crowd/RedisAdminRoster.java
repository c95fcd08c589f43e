package io.chatplatform.ws.crowd;

import io.chatplatform.domain.common.DaemonThreads;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.ws.delivery.ClusterProperties;
import io.chatplatform.ws.delivery.redis.RedisConnections;
import io.chatplatform.ws.session.SessionRegistry;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.codec.StringCodec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The ADMINs connected to any node of the cluster, so that the one node that raises a crowd alert stores it for
 * every ADMIN, not only for those connected to it. Each node notes its ADMIN sessions in one Redis sorted set
 * ({@code <prefix>:crowd:admins}, user id → last seen, ms): at once when one authenticates, and all of them every
 * cluster heartbeat; an ADMIN not seen for {@code chat.cluster.node-ttl} no longer counts as online.
 */
class RedisAdminRoster implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisAdminRoster.class);

    private final RedisConnections.Link<String, String> redis;
    private final SessionRegistry registry;
    private final String key;
    private final long ttlMillis;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.single("crowd-admins"));

    RedisAdminRoster(RedisConnections connections, SessionRegistry registry, ClusterProperties properties) {
        this.redis = connections.connect(StringCodec.UTF8);
        this.registry = registry;
        this.key = properties.keyPrefix() + ":crowd:admins";
        this.ttlMillis = properties.nodeTtl().toMillis();
        long every = properties.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** An ADMIN session authenticated on this node; never waits for Redis (runs on the handshake's thread). */
    void seen(String adminId) {
        redis.async().zadd(key, (double) System.currentTimeMillis(), adminId);
    }

    /** The ADMINs seen on any node within the TTL. */
    Set<String> online() {
        long since = System.currentTimeMillis() - ttlMillis;
        return new HashSet<>(redis.sync().zrangebyscore(key, Range.create((double) since, Double.POSITIVE_INFINITY)));
    }

    private void beat() {
        try {
            long now = System.currentTimeMillis();
            List<ScoredValue<String>> admins = new ArrayList<>();
            registry.forEach(session -> {
                Actor actor = session.actor();
                if (actor != null && actor.isPlatformAdmin()) {
                    admins.add(ScoredValue.just((double) now, actor.userId()));
                }
            });
            if (!admins.isEmpty()) {
                redis.sync().zadd(key, admins.toArray(ScoredValue[]::new));
            }
            redis.sync().zremrangebyscore(key, Range.create(Double.NEGATIVE_INFINITY, (double) (now - 4 * ttlMillis)));
        } catch (RuntimeException e) {
            log.warn("Noting this node's ADMIN sessions failed: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
    }
}
