package io.chatplatform.ws.delivery.redis;

import io.chatplatform.domain.common.DaemonThreads;
import io.chatplatform.ws.delivery.ClusterProperties;
import io.chatplatform.ws.delivery.Presence;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.SessionRegistry;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Presence across nodes. Each node keeps a Redis set of the users with chat sessions on it and a heartbeat entry;
 * both expire unless refreshed, so the users of a node that died stop being online once its TTL passes. A user
 * is online when this node or any live node lists them.
 * <p>
 * A node that died is noticed by the live ones on their heartbeat: its entry is older than the TTL. The one that
 * claims it first ({@code SET NX} on {@code reaped:<node>:<its last heartbeat>}, so a node id that dies again after a
 * restart is claimed again) reads the dead node's users (its set outlives the TTL
 * for this: it expires after {@link #KEEP_DEAD_FOR} TTLs, and is never read as online once the node is dead), and
 * tells {@link #onNodeLost} listeners which of them are online nowhere else now, so their contacts get
 * {@code PRESENCE} frames instead of seeing them online until they ask.
 */
class RedisPresence implements Presence, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);

    /** How many TTLs a node's keys outlive its last heartbeat, so that whoever notices its death can read them. */
    static final int KEEP_DEAD_FOR = 4;

    private final RedisConnections redis;
    private final List<Consumer<List<String>>> nodeLostListeners = new CopyOnWriteArrayList<>();
    private final SessionRegistry registry;
    private final ClusterProperties properties;
    private final String nodesKey;
    private final String prefix;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.single("cluster-heartbeat"));
    /**
     * The users an earlier run of this node id left listed (it was killed, and restarted before another node reaped
     * it): this run has no session of theirs, so they are announced as the users of a lost node are, once.
     */
    private volatile List<String> leftByEarlierRun;
    /** When the earlier run last beat (0: unknown): its users are announced only once that is a TTL ago. */
    private volatile long earlierRunBeatAt;

    RedisPresence(RedisConnections redis, SessionRegistry registry, ClusterProperties properties) {
        this.redis = redis;
        this.registry = registry;
        this.properties = properties;
        this.prefix = properties.keyPrefix() + ":presence:";
        this.nodesKey = prefix + "nodes";
        leftByEarlierRun = takeOverEarlierRun();
        beat();
        long every = properties.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isOnline(String userId) {
        if (registry.isOnline(Endpoint.CHAT, userId)) {
            return true;
        }
        RedisClusterCommands<String, String> commands = redis.sync();
        for (String node : otherLiveNodes(commands)) {
            if (commands.sismember(usersKey(node), userId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> onlineAmong(Collection<String> userIds) {
        List<String> candidates = List.copyOf(userIds);
        Set<String> online = new LinkedHashSet<>();
        for (String userId : candidates) {
            if (registry.isOnline(Endpoint.CHAT, userId)) {
                online.add(userId);
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        RedisClusterCommands<String, String> commands = redis.sync();
        String[] members = candidates.toArray(String[]::new);
        for (String node : otherLiveNodes(commands)) {
            List<Boolean> flags = commands.smismember(usersKey(node), members);
            for (int i = 0; i < members.length; i++) {
                if (Boolean.TRUE.equals(flags.get(i))) {
                    online.add(members[i]);
                }
            }
        }
        return candidates.stream().filter(online::contains).toList();
    }

    @Override
    public boolean cameOnline(String userId) {
        RedisClusterCommands<String, String> commands = redis.sync();
        commands.sadd(usersKey(properties.nodeId()), userId);
        return !onAnotherNode(commands, userId);
    }

    @Override
    public boolean wentOffline(String userId) {
        RedisClusterCommands<String, String> commands = redis.sync();
        if (registry.isOnline(Endpoint.CHAT, userId)) {
            return false;
        }
        commands.srem(usersKey(properties.nodeId()), userId);
        return !onAnotherNode(commands, userId);
    }

    @Override
    public void onNodeLost(Consumer<List<String>> wentOffline) {
        nodeLostListeners.add(wentOffline);
    }

    private boolean onAnotherNode(RedisClusterCommands<String, String> commands, String userId) {
        for (String node : otherLiveNodes(commands)) {
            if (commands.sismember(usersKey(node), userId)) {
                return true;
            }
        }
        return false;
    }

    private List<String> otherLiveNodes(RedisClusterCommands<String, String> commands) {
        long since = System.currentTimeMillis() - properties.nodeTtl().toMillis();
        List<String> nodes = new ArrayList<>(commands.zrangebyscore(nodesKey, Range.create((double) since,
                Double.POSITIVE_INFINITY)));
        nodes.remove(properties.nodeId());
        return nodes;
    }

    /**
     * Before this node lists anyone: the users its id lists now are an earlier run's (a node that stopped cleanly left
     * them for the others to reap, one that was killed did too), and with this run's first heartbeat no other node
     * would ever reap them. They are taken off the list, to be announced by {@link #announceEarlierRun}.
     */
    private List<String> takeOverEarlierRun() {
        try {
            RedisClusterCommands<String, String> commands = redis.sync();
            Double beatAt = commands.zscore(nodesKey, properties.nodeId());
            earlierRunBeatAt = beatAt == null ? 0 : beatAt.longValue();
            String key = usersKey(properties.nodeId());
            List<String> users = new ArrayList<>(commands.smembers(key));
            commands.del(key);
            return users;
        } catch (RuntimeException e) {
            log.warn("Could not read the users an earlier run of node {} left listed: {}", properties.nodeId(),
                    e.toString());
            return List.of();
        }
    }

    /**
     * Announces the earlier run's users who are online nowhere now, once there is anyone to tell and the earlier
     * run's last heartbeat is a TTL old, as another node would have reaped it: a user who reconnects within that time
     * (to this node, restarted, or another) is never announced offline.
     */
    private void announceEarlierRun() {
        List<String> users = leftByEarlierRun;
        if (users == null || nodeLostListeners.isEmpty()
                || System.currentTimeMillis() - earlierRunBeatAt < properties.nodeTtl().toMillis()) {
            return;
        }
        leftByEarlierRun = null;
        List<String> offline = new ArrayList<>(users);
        offline.removeAll(onlineAmong(users));
        if (!offline.isEmpty()) {
            log.info("An earlier run of node {} left {} users listed who are online nowhere now",
                    properties.nodeId(), offline.size());
            nodeLostListeners.forEach(listener -> listener.accept(offline));
        }
    }

    /** Refreshes this node's entry and user set, re-adding the users in case Redis lost them. */
    private void beat() {
        try {
            RedisClusterCommands<String, String> commands = redis.sync();
            long now = System.currentTimeMillis();
            commands.zadd(nodesKey, (double) now, properties.nodeId());
            commands.zremrangebyscore(nodesKey, Range.create(Double.NEGATIVE_INFINITY,
                    (double) (now - KEEP_DEAD_FOR * properties.nodeTtl().toMillis())));
            List<String> local = new ArrayList<>();
            registry.forEachAuthenticated(Endpoint.CHAT, session -> local.add(session.userId()));
            String key = usersKey(properties.nodeId());
            if (!local.isEmpty()) {
                commands.sadd(key, local.toArray(String[]::new));
            }
            commands.pexpire(key, KEEP_DEAD_FOR * properties.nodeTtl().toMillis());
            reapDeadNodes(commands, now);
            announceEarlierRun();
        } catch (RuntimeException e) {
            log.warn("Presence heartbeat failed: {}", e.toString());
        }
    }

    /** Announces the users of nodes that died since the last heartbeat; one live node does it for each dead one. */
    private void reapDeadNodes(RedisClusterCommands<String, String> commands, long now) {
        long ttl = properties.nodeTtl().toMillis();
        List<ScoredValue<String>> dead = commands.zrangebyscoreWithScores(nodesKey,
                Range.create((double) (now - KEEP_DEAD_FOR * ttl), (double) (now - ttl)));
        for (ScoredValue<String> death : dead) {
            String node = death.getValue();
            // The claim names the run by its last heartbeat: a node id that dies again after a restart is reaped again.
            if (node.equals(properties.nodeId()) || !"OK".equals(commands.set(prefix + "reaped:" + node + ":"
                    + (long) death.getScore(), properties.nodeId(), SetArgs.Builder.nx().px(KEEP_DEAD_FOR * ttl)))) {
                continue;
            }
            List<String> users = new ArrayList<>(commands.smembers(usersKey(node)));
            commands.del(usersKey(node));
            commands.zrem(nodesKey, node);
            List<String> offline = new ArrayList<>(users);
            offline.removeAll(onlineAmong(users));
            log.info("Node {} stopped refreshing its presence {} ms ago: {} of its users are offline now", node,
                    ttl, offline.size());
            if (!offline.isEmpty()) {
                nodeLostListeners.forEach(listener -> listener.accept(offline));
            }
        }
    }

    private String usersKey(String node) {
        return prefix + "node:" + node;
    }

    /**
     * Stops the heartbeat, and leaves this node's keys as they are: its users are expected back within seconds, on
     * another node or on this one restarted, so nobody is told they went offline now (docs/protocol.md §11, 1001).
     * Those not back anywhere when the node's entry is older than the TTL are announced offline by the live node that
     * reaps it, or by this node id's next run. (Deleting the keys here, as before, left them shown online for good to
     * the contacts told they came online.)
     */
    @Override
    public void destroy() {
        heartbeat.shutdownNow();
    }
}
