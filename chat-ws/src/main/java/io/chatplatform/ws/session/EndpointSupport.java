package io.chatplatform.ws.session;

import io.chatplatform.domain.auth.Authenticator;
import io.chatplatform.ws.protocol.CloseCodes;
import io.chatplatform.ws.protocol.FrameCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;
import org.springframework.stereotype.Component;

/**
 * What every endpoint handler shares: the registry, token checks, the frame codec, the limits, a small pool that
 * performs closes (a close may wait on a slow client), and the sweep that closes sessions that never sent INIT
 * or whose token expired. On shutdown it closes every socket with 1001 (going away) first, so clients reconnect
 * elsewhere and SYNC, before the web server drains and the pools stop.
 */
@Component
public class EndpointSupport implements DisposableBean, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EndpointSupport.class);
    private static final long SHUTDOWN_CLOSE_WAIT_MILLIS = 5_000;

    final SessionRegistry registry;
    final Authenticator tokens;
    final FrameCodec codec;
    final WsProperties properties;
    final Clock clock;
    final ThreadPoolExecutor closer;
    final WsMetrics metrics;
    final PendingSockets pending;
    final Outboxes outboxes;
    private final ScheduledExecutorService sweeper;
    private volatile boolean running;

    EndpointSupport(SessionRegistry registry, Authenticator tokens, FrameCodec codec, WsProperties properties,
            Clock clock, WsMetrics metrics, Outboxes outboxes) {
        this.registry = registry;
        this.outboxes = outboxes;
        this.metrics = metrics;
        this.tokens = tokens;
        this.codec = codec;
        this.properties = properties;
        this.clock = clock;
        this.pending = new PendingSockets(metrics.pendingSessions(), properties.maxPendingSessions(),
                properties.maxPendingSessionsPerAddress());
        this.closer = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("ws-close-"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(daemonThreads("ws-sweep-"));
        long interval = properties.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
    }

    public FrameCodec codec() {
        return codec;
    }

    public SessionRegistry registry() {
        return registry;
    }

    void sweep() {
        Instant now = clock.instant();
        Instant initDeadline = now.minus(properties.initTimeout());
        long nanos = System.nanoTime();
        registry.forEach(session -> {
            if (!session.isAuthenticated()) {
                if (session.connectedAt().isBefore(initDeadline)) {
                    session.close(CloseCodes.unauthenticated("no INIT within " + properties.initTimeout().toSeconds() + "s"));
                }
            } else if (!session.tokenExpiresAt().isAfter(now)) {
                session.close(CloseCodes.unauthenticated("token expired"));
            } else {
                checkHeartbeat(session, nanos);
            }
        });
    }

    /** Pings a session that has been silent for a ping interval; closes one that stays silent after the ping. */
    private void checkHeartbeat(ClientSession session, long now) {
        long silent = now - session.lastHeardNanos();
        if (session.pinged() && silent > properties.pingInterval().plus(properties.pongTimeout()).toNanos()) {
            session.close(CloseStatus.GOING_AWAY.withReason("no answer to ping"));
        } else if (!session.pinged() && silent > properties.pingInterval().toNanos()) {
            session.markPinged();
            session.sendPing();
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Runs before the web server's graceful shutdown (lifecycle phases stop highest first). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @Override
    public void stop() {
        running = false;
        int open = registry.size();
        registry.forEach(session -> session.close(CloseStatus.GOING_AWAY.withReason("server shutting down")));
        registry.awaitEmpty(SHUTDOWN_CLOSE_WAIT_MILLIS);
        log.info("Closed {} WebSocket sessions with 1001 for shutdown ({} still closing)", open, registry.size());
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
        closer.shutdown();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
