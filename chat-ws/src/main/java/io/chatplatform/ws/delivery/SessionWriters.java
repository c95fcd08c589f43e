package io.chatplatform.ws.delivery;

import io.chatplatform.ws.session.ClientSession;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.Outbox;
import io.chatplatform.ws.session.Outboxes;
import io.chatplatform.ws.session.WsMetrics;
import io.chatplatform.ws.session.WsProperties;
import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * The writers: {@code chat.ws.writer-threads} threads (one per core by default), each owning a fixed share of the
 * sessions, assigned in turn as sessions open. A fan-out splits its recipients by writer and gives each writer one
 * task, so one room's fan-out runs on every core while each session still has one writer and one order. Writers
 * use blocking sends (no hand-off to a container thread per frame) bounded by {@code chat.ws.write-stall-timeout},
 * and end a session's turn once its socket has kept the writer waiting for {@code chat.ws.writer-turn}.
 */
@Component
public final class SessionWriters implements Outboxes, Fanout, DisposableBean {

    /** Tomcat's per-session limit for blocking sends: writes, and its answer to a client's close frame. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    private static final long SHUTDOWN_DRAIN_MILLIS = 5_000;

    private final WriterShard[] shards;
    private final WsMetrics metrics;
    private final long limitBytes;
    private final long stallMillis;
    private final AtomicInteger opened = new AtomicInteger();

    @Autowired
    SessionWriters(WsProperties properties, WsMetrics metrics) {
        this(properties, metrics, properties.writerThreads() > 0 ? properties.writerThreads()
                : Runtime.getRuntime().availableProcessors());
    }

    private SessionWriters(WsProperties properties, WsMetrics metrics, int threads) {
        this.metrics = metrics;
        this.limitBytes = properties.sendBufferLimit().toBytes();
        this.stallMillis = properties.writeStallTimeout().toMillis();
        if (properties.writerTurn().isNegative() || properties.writerTurn().isZero()) {
            // A turn of zero would end every session's turn after one frame: no frames written together.
            throw new IllegalArgumentException("chat.ws.writer-turn must be positive, was " + properties.writerTurn());
        }
        this.shards = new WriterShard[Math.max(1, threads)];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new WriterShard(i, threads == 0 ? null : "ws-writer-" + i, properties.writerTurn());
            metrics.writerFrames(i, shards[i], WriterShard::frames);
            metrics.writerTurnsCut(i, shards[i], WriterShard::turnsCut);
        }
    }

    /** Writers that write on the sender's own thread, at once: for tests of handlers without a server. */
    public static SessionWriters inline(WsProperties properties, WsMetrics metrics) {
        return new SessionWriters(properties, metrics, 0);
    }

    @Override
    public Outbox open(WebSocketSession socket, Endpoint endpoint, Consumer<Throwable> onFailure) {
        if (!(socket instanceof NativeWebSocketSession nativeSocket)) {
            throw new IllegalStateException("unsupported WebSocket session type " + socket.getClass().getName());
        }
        Session container = nativeSocket.getNativeSession(Session.class);
        // Every write of the session blocks at most this long. Tomcat's answer to a client's close frame waits,
        // on a container thread, for the write in progress; a short limit also bounds that wait, so a wave of
        // closes during a busy fan-out cannot tie up the container threads and starve handshakes.
        container.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, stallMillis);
        WriterShard shard = shards[Math.floorMod(opened.getAndIncrement(), shards.length)];
        return new ShardOutbox(shard, new ContainerSocket(container.getBasicRemote()), endpoint, metrics, limitBytes,
                onFailure);
    }

    @Override
    public void toSessions(Collection<ClientSession> sessions, String text) {
        List<List<ShardOutbox>> byShard = new ArrayList<>(shards.length);
        for (int i = 0; i < shards.length; i++) {
            byShard.add(null);
        }
        for (ClientSession session : sessions) {
            if (!(session.outbox() instanceof ShardOutbox outbox)) {
                session.send(text);
                continue;
            }
            if (outbox.stopped()) {
                continue;
            }
            if (!outbox.reserve(text)) {
                session.closeSlowConsumer("send buffer limit exceeded");
                continue;
            }
            List<ShardOutbox> share = byShard.get(outbox.shard.index);
            if (share == null) {
                share = new ArrayList<>(sessions.size() / shards.length + 1);
                byShard.set(outbox.shard.index, share);
            }
            share.add(outbox);
        }
        for (int i = 0; i < shards.length; i++) {
            List<ShardOutbox> share = byShard.get(i);
            if (share != null) {
                shards[i].submit(new Write(text, share));
            }
        }
    }

    /**
     * Lets every writer finish what is queued, then stop; what comes later is written on its sender's thread.
     * Sockets were closed (1001) before, by the endpoints' shutdown; this only lets frames already given leave.
     */
    @Override
    public void destroy() throws InterruptedException {
        for (WriterShard shard : shards) {
            shard.stop();
        }
        for (WriterShard shard : shards) {
            shard.awaitStopped(SHUTDOWN_DRAIN_MILLIS);
        }
    }
}
