package io.chatplatform.ws.crowd;

import io.chatplatform.domain.crowd.CrowdLedger;
import io.chatplatform.ws.delivery.ClusterProperties;
import io.chatplatform.ws.delivery.redis.RedisConnections;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crowd ledger of a cluster, in Redis under {@code {<chat.cluster.key-prefix>:crowd}:} (one hash tag: one
 * slot, so one shard of a Redis Cluster). Every operation is one
 * call of one Lua script ({@code crowd-ledger.lua}, which lists its keys), so membership, head count and the zone's
 * alert state change together and the alert transition is returned to exactly one node. That node also finds it in
 * the pending hash, claimed by it, until it {@linkplain #acknowledge acknowledges} it after publishing; if it dies
 * first, the next node to {@linkplain #reclaim reclaim} after the grace period publishes it instead.
 *
 * <p>Why sets of user ids per zone rather than counting with {@code GEOSEARCH} on every update: a position update
 * must know the zones the user <em>left</em> as well as those they entered, and the count of each, in one atomic
 * step; the nodes already know which zones hold a position (each has the zones and a grid), so the script only
 * moves the user between small sets and reads their sizes, O(zones touched) whatever the number of users. The
 * positions are also kept in a GEO set, used only when a zone is created or moved, to find whom it holds.
 */
class RedisCrowdLedger implements CrowdLedger {

    /**
     * Most times one transition is handed out (once when decided, then by {@link #reclaim}); one whose publishing
     * failed this often (a listener failing every time) is dropped rather than broadcast on every sweep forever.
     */
    static final int MOST_DELIVERIES = 10;

    private static final Logger log = LoggerFactory.getLogger(RedisCrowdLedger.class);

    /** Positions removed per script call when expiring, so Redis is never blocked for long. */
    static final int EXPIRE_BATCH = 1000;

    private final RedisClusterCommands<String, String> redis;
    private final String prefix;
    private final String nodeId;
    private final String script;
    private final String sha;
    /** The script's KEYS: one of its keys, which sends it to the shard that holds them all. */
    private final String[] routingKey;

    RedisCrowdLedger(RedisConnections connections, ClusterProperties properties) {
        this.redis = connections.connect(StringCodec.UTF8).sync();
        // One hash tag for every key: on a Redis Cluster the script's keys must share a slot (and its shard).
        this.prefix = "{" + properties.keyPrefix() + ":crowd}:";
        this.routingKey = new String[] {prefix + "zones"};
        this.nodeId = properties.nodeId();
        this.script = load("crowd-ledger.lua");
        this.sha = redis.scriptLoad(script);
    }

    @Override
    public Result place(String userId, double lat, double lng, long atMillis, long zonesVersion,
            Collection<Long> zoneIds) {
        List<String> args = new ArrayList<>(8 + zoneIds.size());
        args.addAll(List.of("place", prefix, nodeId, userId, Double.toString(lat), Double.toString(lng),
                Long.toString(atMillis), Long.toString(zonesVersion)));
        zoneIds.forEach(id -> args.add(id.toString()));
        return run(args);
    }

    @Override
    public Result remove(String userId) {
        return run(List.of("remove", prefix, nodeId, userId));
    }

    @Override
    public Result expire(long cutoffMillis) {
        List<String> args = List.of("expire", prefix, nodeId, Long.toString(cutoffMillis),
                Integer.toString(EXPIRE_BATCH));
        Result total = run(args);
        Result batch = total;
        while (batch.removed() == EXPIRE_BATCH) {
            batch = run(args);
            List<Transition> transitions = new ArrayList<>(total.transitions());
            transitions.addAll(batch.transitions());
            total = new Result(batch.zonesVersion(), total.removed() + batch.removed(), transitions);
        }
        return total;
    }

    @Override
    public Result define(Collection<Circle> zones) {
        List<String> args = new ArrayList<>(2 + 6 * zones.size());
        args.addAll(List.of("define", prefix, nodeId));
        for (Circle zone : zones) {
            args.addAll(List.of(Long.toString(zone.id()), Double.toString(zone.lat()), Double.toString(zone.lng()),
                    Double.toString(zone.radiusMeters()), Integer.toString(zone.threshold()),
                    Integer.toString(zone.clearAt())));
        }
        return run(args);
    }

    @Override
    public Result reclaim(long claimedBeforeMillis) {
        Result result = run(List.of("reclaim", prefix, nodeId, Long.toString(claimedBeforeMillis),
                Integer.toString(MOST_DELIVERIES)));
        if (result.removed() > 0) {
            log.warn("Gave up {} crowd alert transitions delivered {} times without being acknowledged",
                    result.removed(), MOST_DELIVERIES);
        }
        return new Result(result.zonesVersion(), 0, result.transitions());
    }

    @Override
    public void acknowledge(long transitionId) {
        redis.hdel(prefix + "pending", Long.toString(transitionId));
    }

    @Override
    public int count(long zoneId) {
        return Math.toIntExact(redis.scard(prefix + "zone:" + zoneId));
    }

    @Override
    public long version() {
        return run(List.of("version", prefix, nodeId)).zonesVersion();
    }

    private Result run(List<String> args) {
        String[] values = args.toArray(String[]::new);
        List<Object> reply;
        try {
            reply = redis.evalsha(sha, ScriptOutputType.MULTI, routingKey, values);
        } catch (RedisNoScriptException flushedOrRestarted) {
            reply = redis.eval(script, ScriptOutputType.MULTI, routingKey, values);
        }
        return parse(reply);
    }

    static Result parse(List<Object> reply) {
        long version = Long.parseLong((String) reply.get(0));
        int removed = Integer.parseInt((String) reply.get(1));
        List<Transition> transitions = new ArrayList<>();
        for (int i = 2; i + 5 < reply.size(); i += 6) {
            transitions.add(new Transition(Long.parseLong((String) reply.get(i + 1)), "A".equals(reply.get(i)),
                    Integer.parseInt((String) reply.get(i + 2)), Integer.parseInt((String) reply.get(i + 3)),
                    Long.parseLong((String) reply.get(i + 4)), Long.parseLong((String) reply.get(i + 5))));
        }
        return new Result(version, removed, transitions);
    }

    private static String load(String name) {
        try (InputStream in = RedisCrowdLedger.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
