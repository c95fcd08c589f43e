package io.chatplatform.ws.delivery.redis;

import io.chatplatform.ws.delivery.ClusterBus;
import io.chatplatform.ws.delivery.ClusterProperties;
import io.chatplatform.ws.delivery.Envelope;
import io.chatplatform.ws.delivery.redis.EnvelopeCodec.Reason;
import io.chatplatform.ws.delivery.redis.EnvelopeCodec.Received;
import io.chatplatform.ws.delivery.redis.EnvelopeCodec.Rejected;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Fan-out through one Redis pub/sub channel that every node subscribes to. Each event is published once; each
 * node drops its own envelopes and delivers the others' on a single thread, in arrival order, away from Redis's
 * I/O thread (a delivery may read room members from the database).
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
    private final EnvelopeCodec codec;
    private final long maxAgeMillis;
    private final Map<Envelope.Target, Consumer<Envelope>> receivers = new ConcurrentHashMap<>();
    private final List<Runnable> resumed = new CopyOnWriteArrayList<>();
    private final AtomicBoolean subscribedOnce = new AtomicBoolean();
    private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);
    private final AtomicLong rejectedSinceWarning = new AtomicLong();
    private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());
    /** MACs of the DISCONNECTs delivered, until their window closes; only the delivery thread touches it. */
    private final LinkedHashMap<String, Long> disconnectsSeen = new LinkedHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cluster-delivery");
        thread.setDaemon(true);
        return thread;
    });

    RedisClusterBus(RedisConnections redis, ClusterProperties properties, EnvelopeCodec codec, MeterRegistry meters) {
        this.redis = redis;
        this.nodeId = properties.nodeId();
        this.channel = properties.keyPrefix() + ":events";
        this.codec = codec;
        this.maxAgeMillis = properties.envelopeMaxAge().toMillis();
        for (Reason reason : Reason.values()) {
            rejected.put(reason, Counter.builder("chat.cluster.envelopes.rejected").tag("reason", reason.tag())
                    .description("envelopes from the cluster channel that were not delivered: not authenticated, "
                            + "out of their time window, replayed or out of bounds")
                    .register(meters));
        }
        redis.subscription().addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                long arrivedAt = System.currentTimeMillis(); // here, not on the delivery thread, which may lag
                delivery.execute(() -> receive(message, arrivedAt));
            }

            /** Lettuce subscribes again after a reconnect: every confirmation after the first ends a break. */
            @Override
            public void subscribed(String subscribed, long count) {
                if (channel.equals(subscribed) && !subscribedOnce.compareAndSet(false, true)) {
                    log.info("Cluster node {} is back on channel {}: catching up from the database", nodeId, channel);
                    delivery.execute(() -> resumed.forEach(RedisClusterBus::runSafely));
                }
            }
        });
        redis.subscription().sync().subscribe(channel);
        log.info("Cluster node {} joined channel {}", nodeId, channel);
    }

    @Override
    public void publish(Envelope envelope) {
        redis.commands().async().publish(channel, codec.encode(envelope.withOrigin(nodeId), System.currentTimeMillis()));
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
        if (nodeId.equals(envelope.origin())) {
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
        delivery.shutdown();
    }
}
