package io.chatplatform.ws.session;

import io.chatplatform.domain.auth.Authenticator;
import io.chatplatform.domain.common.DaemonThreads;
import io.chatplatform.ws.protocol.CloseCodes;
import io.chatplatform.ws.protocol.FrameCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;
import org.springframework.stereotype.Component;

/**
 * What every endpoint handler shares: the registry, token checks, the frame codec, the limits, a small pool that
 * performs closes (a close may wait on a slow client), the timer that resumes reads paused for a connection's rate,
 * and the sweep that closes sessions that never sent INIT or whose token expired.
 *
 * <p>On shutdown it is the first lifecycle to stop, after readiness went to refusing traffic and before the web
 * server drains, the pools stop and JPA closes. From then on the node is {@linkplain #isStopping() stopping}: new
 * handshakes are refused with 503 and sockets that get through anyway are closed with 1001, so clients reconnect to
 * a node that stays; every open socket is closed with 1001 (going away) so its client reconnects and SYNCs; and the
 * session-closed hooks of the features (presence announcements and the like) are skipped, since telling every
 * contact of every user that they went offline, from a node that is going away, is neither true nor cheap. The
 * closes fan out over more threads than usual, so thousands of sockets, a few slow ones among them, close in
 * seconds.
 */
@Component
public class EndpointSupport implements DisposableBean, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EndpointSupport.class);
    private static final CloseStatus GOING_AWAY = CloseStatus.GOING_AWAY.withReason("server shutting down");
    private static final long SHUTDOWN_CLOSE_WAIT_MILLIS = 5_000;
    /** Closing threads while the node stops: a close may wait out the blocking send timeout (1 s) on a stuck client. */
    private static final int CLOSERS = 2;
    private static final int SHUTDOWN_CLOSERS = 16;

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
    /** Decides and performs the closes of sessions whose token was revoked (see {@link #closeRevoked}). */
    private final ExecutorService revocationCloser = Executors.newSingleThreadExecutor(
            DaemonThreads.single("ws-revoked-close"));
    /** Ids of the sessions {@link #revocationCloser} has been given and not closed yet. */
    private final Set<String> revokedClosing = ConcurrentHashMap.newKeySet();
    /** Resumes the reads of sessions paused for their rate (see {@link ReadPause}); tiny tasks, one thread. */
    final ScheduledExecutorService pacer;
    private volatile boolean running;
    private volatile boolean stopping;

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
        this.closer = new ThreadPoolExecutor(CLOSERS, CLOSERS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("ws-close-"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ws-sweep-"));
        long interval = properties.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
        this.pacer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ws-pace-"));
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
            } else if (tokens.isRevokedAsKnown(session.userId(), session.tokenIssuedAtSecond())) {
                closeRevoked(session);
            } else {
                checkHeartbeat(session, nanos);
            }
        });
    }

    /**
     * Closes a session whose token this node has learnt is revoked: 4401 for a demotion or an operator's password
     * reset (the client signs in again and gets a token with the role it has now), 4403 for a deleted account, as
     * the deletion's own sweep closes it. Telling the two apart reads the database, so it runs on a thread of its
     * own, never on the sweep's (a stalled database must not stop INIT timeouts, expiries and pings), once per
     * session. If the database cannot say which, 4401: the next handshake is refused anyway if the account is gone.
     */
    private void closeRevoked(ClientSession session) {
        if (!session.isOpen() || !revokedClosing.add(session.id())) {
            return; // closing already, or its close is being decided
        }
        try {
            revocationCloser.execute(() -> {
                try {
                    session.close(accountDeleted(session) ? CloseCodes.forbidden("account deleted")
                            : CloseCodes.unauthenticated("token revoked"));
                } finally {
                    revokedClosing.remove(session.id());
                }
            });
        } catch (RejectedExecutionException stopping) {
            revokedClosing.remove(session.id()); // the node stops: every session is closed anyway
        }
    }

    private boolean accountDeleted(ClientSession session) {
        try {
            return tokens.isAccountDeleted(session.userId());
        } catch (RuntimeException unreadable) {
            log.debug("Could not tell why the token of {} was revoked", session.userId(), unreadable);
            return false;
        }
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

    /**
     * Also called again after {@link #stop} when the context is restarted rather than closed (Spring's test
     * framework pauses cached contexts that way): the node takes handshakes again.
     */
    @Override
    public void start() {
        stopping = false;
        closer.setCorePoolSize(CLOSERS);
        closer.setMaximumPoolSize(CLOSERS);
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops first of all lifecycles (phases stop highest first): before the web server's graceful shutdown, and so
     * before any bean is destroyed (the JPA EntityManagerFactory, the message writer, the delivery pools).
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /**
     * Whether the node is shutting down: handshakes are refused, sockets opened anyway are closed with 1001, and
     * closing sessions skip the features' session-closed hooks.
     */
    boolean isStopping() {
        return stopping;
    }

    /**
     * Closes a socket opened while the node stops (its handshake passed before {@link #stop} began).
     *
     * @return whether it was closed
     */
    boolean closeIfStopping(ClientSession session) {
        if (stopping) {
            session.close(GOING_AWAY);
        }
        return stopping;
    }

    @Override
    public void stop() {
        // Set before the sweep over the registry: a session filed after this sweep sees the flag and closes itself.
        stopping = true;
        running = false;
        long started = System.nanoTime();
        int open = registry.size();
        closer.setMaximumPoolSize(SHUTDOWN_CLOSERS);
        closer.setCorePoolSize(SHUTDOWN_CLOSERS);
        registry.forEach(session -> session.close(GOING_AWAY));
        registry.awaitEmpty(SHUTDOWN_CLOSE_WAIT_MILLIS);
        log.info("Closed {} WebSocket sessions with 1001 for shutdown in {} ms ({} still closing)", open,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), registry.size());
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
        revocationCloser.shutdownNow();
        pacer.shutdownNow();
        closer.shutdown();
    }
}
