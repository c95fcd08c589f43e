package io.chatplatform.ws.delivery.redis;

import io.chatplatform.domain.common.DaemonThreads;
import io.chatplatform.ws.delivery.ClusterBus;
import io.chatplatform.ws.delivery.ClusterProperties;
import io.chatplatform.ws.delivery.Envelope;
import io.chatplatform.ws.delivery.redis.EnvelopeCodec.Reason;
import io.chatplatform.ws.delivery.redis.EnvelopeCodec.Received;
import io.chatplatform.ws.delivery.redis.EnvelopeCodec.Rejected;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Fan-out through Redis sharded pub/sub, routed by interest: a room's envelopes go to its channel
 * ({@code <prefix>:room:<id>}), a user's to theirs ({@code <prefix>:user:<id>}, one envelope per listed user), and
 * those for everyone to {@code <prefix>:events}, which every node hears. A node hears a room or user channel only
 * while it {@linkplain #listen listens} to it ({@link io.chatplatform.ws.delivery.RoomInterest} decides), so it
 * receives what its sessions need, not the whole cluster's traffic. {@code SPUBLISH}/{@code SSUBSCRIBE} run the
 * same on one Redis and on a Redis Cluster, where each channel lives on the shard that owns its slot: channel names
 * carry no hash tag, so rooms and users spread over the shards. Each node drops its own envelopes and delivers the
 * others' on a single thread, in arrival order, away from Redis's I/O thread (a delivery may read room members from
 * the database). Every message heard is counted in {@code chat.cluster.bus.received}.
 * <p>
 * Only authenticated envelopes are delivered (see {@link EnvelopeCodec}); the others are counted in
 * {@code chat.cluster.envelopes.rejected} by reason and logged at most every {@link #LOG_EVERY_SECONDS} s. A
 * DISCONNECT takes effect once: a replay of it within the freshness window is rejected too. Replays of other
 * envelopes within the window are harmless: a message's seq was delivered already, and the other frames restate
 * what clients were told a moment ago.
 */
class RedisClusterBus implements ClusterBus, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisClusterBus.class);
    static final long LOG_EVERY_SECONDS = 10;
    /** DISCONNECTs remembered at once; far more than a cluster sends in one freshness window. */
    private static final int MAX_REMEMBERED_DISCONNECTS = 10_000;

    private final RedisConnections redis;
    private final String nodeId;
    private final String channel;
    private final String prefix;
    private final ShardedPubSub subscription;
    private final Counter received;
    private final Counter published;
    /** The rooms listened to; a ROOM envelope still in flight when the node stopped listening is dropped. */
    private final Set<Long> rooms = ConcurrentHashMap.newKeySet();
    private final Set<String> users = ConcurrentHashMap.newKeySet();
    private static final long RESUBSCRIBE_AFTER_MILLIS = 1000;
    private final AtomicBoolean resubscribeScheduled = new AtomicBoolean();
    private final ScheduledExecutorService resubscriber = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.single("cluster-resubscribe"));
    private final EnvelopeCodec codec;
    private final long maxAgeMillis;
    private final Map<Envelope.Target, Consumer<Envelope>> receivers = new ConcurrentHashMap<>();
    private final List<Runnable> resumed = new CopyOnWriteArrayList<>();
    private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);
    private final AtomicLong rejectedSinceWarning = new AtomicLong();
    private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());
    /** MACs of the DISCONNECTs delivered, until their window closes; only the delivery thread touches it. */
    private final LinkedHashMap<String, Long> disconnectsSeen = new LinkedHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            DaemonThreads.single("cluster-delivery"));

    RedisClusterBus(RedisConnections redis, ClusterProperties properties, EnvelopeCodec codec, MeterRegistry meters) {
        this.redis = redis;
        this.nodeId = properties.nodeId();
        this.prefix = properties.keyPrefix();
        this.channel = prefix + ":events";
        this.subscription = redis.subscription();
        this.received = Counter.builder("chat.cluster.bus.received")
                .description("messages this node heard from Redis pub/sub (its own included), before any check")
                .register(meters);
        this.published = Counter.builder("chat.cluster.bus.published")
                .description("messages this node published on Redis pub/sub").register(meters);
        Gauge.builder("chat.cluster.bus.rooms", rooms, Set::size)
                .description("rooms this node listens to: a member has a chat session here").register(meters);
        Gauge.builder("chat.cluster.bus.users", users, Set::size)
                .description("users this node listens to: they have a session here").register(meters);
        this.codec = codec;
        this.maxAgeMillis = properties.envelopeMaxAge().toMillis();
        for (Reason reason : Reason.values()) {
            rejected.put(reason, Counter.builder("chat.cluster.envelopes.rejected").tag("reason", reason.tag())
                    .description("envelopes from the cluster channel that were not delivered: not authenticated, "
                            + "out of their time window, replayed or out of bounds")
                    .register(meters));
        }
        subscription.onMessage((from, message) -> {
            received.increment();
            long arrivedAt = System.currentTimeMillis(); // here, not on the delivery thread, which may lag
            try {
                delivery.execute(() -> receive(message, arrivedAt));
            } catch (RejectedExecutionException stopping) {
                // this node is shutting down (its sessions are closing): nobody here is left to deliver to
            }
        });
        subscription.subscribe(List.of(channel));
        // A Redis that restarted, or a master that crashed and came back (or a replica promoted in its place), holds
        // none of this node's sharded subscriptions, and Lettuce restores them only on a reconnect of the same
        // connection (on a cluster, in one SSUBSCRIBE, which fails across slots): say them again, all of them, shortly
        // after any connection (re)activates. SSUBSCRIBE is idempotent. What the other nodes published during the
        // break never arrives, so once the subscriptions are confirmed the onResumed listeners catch up from the
        // database.
        redis.onConnectionActivated(this::resubscribeSoon);
        log.info("Cluster node {} joined channel {} ({})", nodeId, channel,
                redis.isCluster() ? "Redis Cluster" : "one Redis server");
    }

    @Override
    public void publish(Envelope envelope) {
        Envelope signed = envelope.withOrigin(nodeId);
        switch (envelope.target()) {
            case ROOM -> send(roomChannel(envelope.roomId()), signed);
            case USERS, DISCONNECT, JOINED, LEFT -> {
                for (String userId : envelope.userIds()) {
                    send(userChannel(userId), signed.withUser(userId));
                }
            }
            case ALL, ROLE, REVOKED -> send(channel, signed);
        }
    }

    private void send(String to, Envelope envelope) {
        published.increment();
        redis.commands().async().spublish(to, codec.encode(envelope, System.currentTimeMillis()));
    }

    private void resubscribeSoon() {
        if (resubscribeScheduled.compareAndSet(false, true)) {
            resubscriber.schedule(this::resubscribe, RESUBSCRIBE_AFTER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void resubscribe() {
        resubscribeScheduled.set(false);
        try {
            List<String> all = new ArrayList<>(channels(List.copyOf(rooms), List.copyOf(users)));
            all.add(channel);
            subscription.subscribe(all);
            log.info("Cluster node {} re-subscribed {} sharded channels after a connection to Redis came up: catching up"
                    + " from the database", nodeId, all.size());
            delivery.execute(() -> resumed.forEach(RedisClusterBus::runSafely));
        } catch (RuntimeException e) {
            log.warn("Re-subscribing after a connection to Redis came up failed (retrying): {}", e.toString());
            resubscribeSoon();
        }
    }

    @Override
    public boolean routesByInterest() {
        return true;
    }

    @Override
    public boolean listensToRoom(Long roomId) {
        return rooms.contains(roomId);
    }

    @Override
    public void listen(Collection<Long> roomIds, Collection<String> userIds) {
        if (roomIds.isEmpty() && userIds.isEmpty()) {
            return;
        }
        rooms.addAll(roomIds);
        users.addAll(userIds);
        subscription.subscribe(channels(roomIds, userIds));
    }

    @Override
    public void stopListening(Collection<Long> roomIds, Collection<String> userIds) {
        if (roomIds.isEmpty() && userIds.isEmpty()) {
            return;
        }
        rooms.removeAll(roomIds);
        users.removeAll(userIds);
        subscription.unsubscribe(channels(roomIds, userIds));
    }

    private List<String> channels(Collection<Long> roomIds, Collection<String> userIds) {
        List<String> channels = new ArrayList<>(roomIds.size() + userIds.size());
        roomIds.forEach(roomId -> channels.add(roomChannel(roomId)));
        userIds.forEach(userId -> channels.add(userChannel(userId)));
        return channels;
    }

    String roomChannel(Long roomId) {
        return prefix + ":room:" + roomId;
    }

    String userChannel(String userId) {
        return prefix + ":user:" + userId;
    }

    @Override
    public void onReceive(Envelope.Target target, Consumer<Envelope> delivery) {
        receivers.put(target, delivery);
    }

    @Override
    public void onResumed(Runnable listener) {
        resumed.add(listener);
    }

    private static void runSafely(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            log.warn("Catching up after a break on the cluster channel failed", e);
        }
    }

    private void receive(String message, long arrivedAt) {
        Received received;
        try {
            received = codec.decode(message, arrivedAt);
        } catch (Rejected rejection) {
            reject(rejection.reason());
            return;
        }
        Envelope envelope = received.envelope();
        if (nodeId.equals(envelope.origin())
                || envelope.target() == Envelope.Target.ROOM && !rooms.contains(envelope.roomId())) {
            return;
        }
        if (envelope.target() == Envelope.Target.DISCONNECT && !firstDelivery(received, arrivedAt)) {
            reject(Reason.REPLAYED);
            return;
        }
        try {
            Consumer<Envelope> receiver = receivers.get(envelope.target());
            if (receiver != null) {
                receiver.accept(envelope);
            }
        } catch (RuntimeException e) {
            log.warn("Dropped a cluster envelope that could not be delivered", e);
        }
    }

    /** Remembers a DISCONNECT until its freshness window closes; false when it was delivered before. */
    private boolean firstDelivery(Received received, long now) {
        for (Iterator<Long> expiries = disconnectsSeen.values().iterator(); expiries.hasNext(); ) {
            if (expiries.next() >= now && disconnectsSeen.size() < MAX_REMEMBERED_DISCONNECTS) {
                break; // roughly in expiry order: the rest are younger
            }
            expiries.remove();
        }
        return disconnectsSeen.putIfAbsent(received.mac(), received.sentAt() + maxAgeMillis) == null;
    }

    private void reject(Reason reason) {
        rejected.get(reason).increment();
        rejectedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        long due = nextWarning.get();
        if (now - due >= 0 && nextWarning.compareAndSet(due, now + TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS))) {
            log.warn("Rejected an envelope on {} ({}; {} rejected since the last warning): something other than this "
                    + "cluster's nodes publishes there, or a node runs with another chat.cluster.secret or clock",
                    channel, reason.tag(), rejectedSinceWarning.getAndSet(0));
        }
    }

    @Override
    public void destroy() {
        resubscriber.shutdownNow();
        delivery.shutdown();
    }
}
