package io.chatplatform.ws.cluster;

import io.chatplatform.ws.session.ClusterProperties;
import io.chatplatform.ws.session.ClusterBus;
import io.chatplatform.ws.session.Envelope;
import io.chatplatform.ws.session.LocalClusterBus;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fan-out through one Redis pub/sub channel that every node subscribes to. Each event is published once; each
 * node drops its own envelopes and delivers the others' on a single thread, in arrival order, away from Redis's
 * I/O thread (a delivery may read room members from the database).
 */
class RedisClusterBus implements ClusterBus, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisClusterBus.class);

    private final RedisConnections redis;
    private final String nodeId;
    private final String channel;
    private final EnvelopeCodec codec;
    private final Map<Envelope.Target, Consumer<Envelope>> receivers = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cluster-delivery");
        thread.setDaemon(true);
        return thread;
    });

    RedisClusterBus(RedisConnections redis, ClusterProperties properties, JsonMapper mapper) {
        this.redis = redis;
        this.nodeId = properties.nodeId();
        this.channel = properties.keyPrefix() + ":events";
        this.codec = new EnvelopeCodec(mapper);
        redis.subscription().addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                delivery.execute(() -> receive(message));
            }
        });
        redis.subscription().sync().subscribe(channel);
        log.info("Cluster node {} joined channel {}", nodeId, channel);
    }

    @Override
    public void publish(Envelope envelope) {
        redis.commands().async().publish(channel, codec.encode(envelope.withOrigin(nodeId)));
    }

    @Override
    public void onReceive(Envelope.Target target, Consumer<Envelope> delivery) {
        receivers.put(target, delivery);
    }

    private void receive(String message) {
        try {
            Envelope envelope = codec.decode(message);
            if (nodeId.equals(envelope.origin())) {
                return;
            }
            Consumer<Envelope> receiver = receivers.get(envelope.target());
            if (receiver != null) {
                receiver.accept(envelope);
            }
        } catch (RuntimeException e) {
            log.warn("Dropped a cluster envelope that could not be delivered", e);
        }
    }

    @Override
    public void destroy() {
        delivery.shutdown();
    }
}
