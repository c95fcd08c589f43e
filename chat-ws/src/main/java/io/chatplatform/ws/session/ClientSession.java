package io.chatplatform.ws.session;

import io.chatplatform.domain.auth.Authenticator;
import io.chatplatform.domain.auth.VerifiedToken;
import io.chatplatform.domain.user.Actor;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * One open socket and what the server knows about it. Any thread may {@link #send} at any time: frames join the
 * session's {@link Outbox} and leave in the order they were queued, written by the one writer thread that owns the
 * session, so a sending thread never waits for a client. A client whose queue grows past the buffer limit, or
 * whose socket stays full past the write stall limit, is disconnected with 1013 (try again later) and may
 * reconnect and SYNC.
 */
public final class ClientSession {

    /** Close status for a client that does not read fast enough: reconnect, then SYNC what was missed. */
    public static final CloseStatus SLOW_CONSUMER = new CloseStatus(1013, "slow consumer");

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final WebSocketSession socket;
    private final Endpoint endpoint;
    private final Outbox outbound;
    private final FrameAssembler assembler = new FrameAssembler();
    private final Executor closer;
    private final Instant connectedAt;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean cutOff = new AtomicBoolean();

    private final RateLimiter rateLimiter;
    /** Made on the first pause: most sessions never reach their rate, and idle sessions are many. */
    private volatile ReadPause readPause;
    private final WsMetrics metrics;
    /** The key the socket is counted under among those waiting for INIT; null when not counted. */
    private final AtomicReference<String> pendingAs = new AtomicReference<>();
    private volatile long lastHeardNanos;
    private volatile boolean pinged;
    private volatile Actor actor;
    private volatile String device;
    private volatile Instant tokenExpiresAt;
    /** The token's {@code iat} in epoch seconds ({@link Authenticator#issuedAtSecond}), for the revocation sweep. */
    private volatile long tokenIssuedAtSecond;

    public ClientSession(WebSocketSession socket, Endpoint endpoint, Outboxes outboxes, Executor closer,
            Instant connectedAt, RateLimiter rateLimiter, WsMetrics metrics) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.outbound = outboxes.open(socket, endpoint, this::onSendFailed);
        this.closer = closer;
        this.connectedAt = connectedAt;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.lastHeardNanos = System.nanoTime();
    }

    public String id() {
        return socket.getId();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    /** The authenticated user, or null while the session is pending its INIT frame. */
    public Actor actor() {
        return actor;
    }

    public boolean isAuthenticated() {
        return actor != null;
    }

    public String userId() {
        Actor current = actor;
        return current == null ? null : current.userId();
    }

    public Instant tokenExpiresAt() {
        return tokenExpiresAt;
    }

    long tokenIssuedAtSecond() {
        return tokenIssuedAtSecond;
    }

    public ClientInfo info() {
        Actor current = actor;
        return new ClientInfo(id(), endpoint, current == null ? null : current.userId(),
                current == null ? null : current.role(), device, connectedAt, tokenExpiresAt);
    }

    void authenticate(VerifiedToken token, String device) {
        this.device = device;
        this.tokenExpiresAt = token.expiresAt();
        this.tokenIssuedAtSecond = Authenticator.issuedAtSecond(token);
        this.actor = token.actor();
    }

    /** A newer token of the same user: keeps the socket past the old token's expiry, picks up a changed role. */
    void refresh(VerifiedToken token) {
        this.tokenExpiresAt = token.expiresAt();
        this.tokenIssuedAtSecond = Authenticator.issuedAtSecond(token);
        this.actor = token.actor();
    }

    /** Something arrived from the client (a frame or a pong): it is alive. */
    void heard(long nanos) {
        lastHeardNanos = nanos;
        pinged = false;
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    boolean pinged() {
        return pinged;
    }

    void markPinged() {
        pinged = true;
    }

    FrameAssembler assembler() {
        return assembler;
    }

    /** Notes that this socket is counted among those waiting for INIT, under this client key. */
    void markPending(String clientKey) {
        pendingAs.set(clientKey);
    }

    /** @return the key the socket was counted under as pending, or null if it was not (once: later calls answer null) */
    String leavePending() {
        return pendingAs.getAndSet(null);
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Stops reading this socket for a while, to hold the client to its rate; called by the thread handling a frame. */
    ReadPause readPause() {
        ReadPause pause = readPause;
        if (pause == null) {
            pause = ReadPause.of(socket);
            readPause = pause;
        }
        return pause;
    }

    public boolean isOpen() {
        return !closed.get() && socket.isOpen();
    }

    /** Where this session's frames wait for its writer; the delivery engine hands fan-out frames to it directly. */
    public Outbox outbox() {
        return outbound;
    }

    /**
     * Queues one encoded frame. Never blocks.
     *
     * @return false when the session is closed or was just closed for falling too far behind
     */
    public boolean send(String text) {
        if (closed.get()) {
            return false;
        }
        if (!outbound.offer(text)) {
            closeSlowConsumer("send buffer limit exceeded");
            return false;
        }
        return true;
    }

    /** Queues READY, the session's first frame: whatever was sent to the session before it follows it. */
    boolean sendFirst(String text) {
        if (closed.get()) {
            return false;
        }
        if (!outbound.offerFirst(text)) {
            closeSlowConsumer("send buffer limit exceeded");
            return false;
        }
        return true;
    }

    /** Closes the session with 1013, counted as a slow consumer: it reconnects and SYNCs what it missed. */
    public void closeSlowConsumer(String why) {
        if (!closed.get()) {
            cutOff(why);
        }
    }

    private void cutOff(String why) {
        if (cutOff.compareAndSet(false, true)) {
            log.info("Closing session {} of {}: {}", id(), userId(), why);
            metrics.slowConsumer();
            close(SLOW_CONSUMER);
        }
    }

    /** Queues a WebSocket ping behind the frames already queued. */
    void sendPing() {
        if (!closed.get()) {
            outbound.offerPing();
        }
    }

    /**
     * A write that stalled past the limit makes the container close the session itself (1001, rarely seen by a
     * client whose socket is full) before the writer hears of it: a slow consumer all the same. Any other failure
     * of a session already closing is that closing's doing, not the client's.
     */
    private void onSendFailed(Throwable cause) {
        String why = "write failed (" + (cause == null ? "?" : cause.toString()) + ")";
        if (stalled(cause)) {
            cutOff(why);
        } else {
            closeSlowConsumer(why);
        }
    }

    private static boolean stalled(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Closes the socket once; later sends are dropped. The close itself runs off the calling thread. */
    public void close(CloseStatus status) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        outbound.stop();
        Runnable closing = () -> {
            try {
                socket.close(status);
            } catch (IOException | RuntimeException e) {
                log.debug("Closing session {} failed: {}", id(), e.toString());
            }
        };
        try {
            closer.execute(closing);
        } catch (RejectedExecutionException stopped) {
            closing.run();
        }
    }

    @Override
    public String toString() {
        return "ClientSession[" + id() + ", " + endpoint + ", " + userId() + "]";
    }
}
