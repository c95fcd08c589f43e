package io.chatplatform.ws.session;

import io.chatplatform.domain.auth.VerifiedToken;
import io.chatplatform.domain.user.Actor;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * One open socket and what the server knows about it. Any thread may {@link #send} at any time: frames join a
 * queue and go out one at a time through a non-blocking send, in the order they were queued, so a broadcasting
 * thread never waits for a slow client. A client whose queue grows past the buffer limit, or whose frame takes
 * longer than the send time limit, is disconnected with 1013 (try again later) and may reconnect and SYNC.
 */
public final class ClientSession {

    /** Close status for a client that does not read fast enough: reconnect, then SYNC what was missed. */
    public static final CloseStatus SLOW_CONSUMER = new CloseStatus(1013, "slow consumer");

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    /** Queued like a frame so that a ping never overlaps a frame being written; compared by identity. */
    private static final String PING = new String("ping");

    private final WebSocketSession socket;
    private final Endpoint endpoint;
    private final TextSender sender;
    private final Executor closer;
    private final long bufferLimitChars;
    private final Instant connectedAt;

    private final Queue<String> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final RateLimiter rateLimiter;
    private final WsMetrics metrics;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long lastHeardNanos;
    private volatile boolean pinged;
    private volatile Actor actor;
    private volatile String device;
    private volatile Instant tokenExpiresAt;

    public ClientSession(WebSocketSession socket, Endpoint endpoint, TextSender sender, Executor closer,
            long bufferLimitBytes, Instant connectedAt, RateLimiter rateLimiter, WsMetrics metrics) {
        this.socket = socket;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.lastHeardNanos = System.nanoTime();
        this.endpoint = endpoint;
        this.sender = sender;
        this.closer = closer;
        // Queued frames are Java strings; two bytes a char bounds the memory they hold.
        this.bufferLimitChars = Math.max(1, bufferLimitBytes / 2);
        this.connectedAt = connectedAt;
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

    public ClientInfo info() {
        Actor current = actor;
        return new ClientInfo(id(), endpoint, current == null ? null : current.userId(),
                current == null ? null : current.role(), device, connectedAt, tokenExpiresAt);
    }

    void authenticate(VerifiedToken token, String device) {
        this.device = device;
        this.tokenExpiresAt = token.expiresAt();
        this.actor = token.actor();
    }

    /** A newer token of the same user: keeps the socket past the old token's expiry, picks up a changed role. */
    void refresh(VerifiedToken token) {
        this.tokenExpiresAt = token.expiresAt();
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

    /** Counts this socket among those waiting for INIT. */
    void markPending() {
        pending.set(true);
    }

    /** @return whether the socket was counted as pending (once: later calls answer false) */
    boolean leavePending() {
        return pending.compareAndSet(true, false);
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public boolean isOpen() {
        return !closed.get() && socket.isOpen();
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
        if (queuedChars.addAndGet(text.length()) > bufferLimitChars) {
            log.info("Closing session {} of {}: send buffer limit exceeded", id(), userId());
            metrics.slowConsumer();
            close(SLOW_CONSUMER);
            return false;
        }
        outbound.add(text);
        metrics.frameOut(endpoint);
        pump();
        return true;
    }

    /** Sends queued frames until the queue is empty or a send is left in flight, whose completion resumes. */
    private void pump() {
        while (sending.compareAndSet(false, true)) {
            String next = outbound.poll();
            if (next == null) {
                sending.set(false);
                if (outbound.isEmpty()) {
                    return;
                }
                continue;
            }
            if (next == PING) {
                ping();
                sending.set(false);
                continue;
            }
            if (closed.get() || !transmit(next)) {
                return;
            }
        }
    }

    /**
     * Starts one send. When the send completes on the calling thread (common when the socket has room) the
     * caller's loop carries on; otherwise the completion callback resumes pumping, so the stack never grows.
     *
     * @return whether the send already completed
     */
    private boolean transmit(String text) {
        AtomicInteger handoff = new AtomicInteger(); // 0 in flight, 1 completed first, 2 caller returned first
        try {
            sender.sendText(text, result -> {
                queuedChars.addAndGet(-text.length());
                if (!result.isOK()) {
                    onSendFailed(result);
                }
                sending.set(false);
                if (!handoff.compareAndSet(0, 1)) {
                    pump();
                }
            });
        } catch (RuntimeException e) {
            // The container refuses sends once the socket is closing.
            log.debug("Send on session {} refused: {}", id(), e.toString());
            queuedChars.addAndGet(-text.length());
            sending.set(false);
            close(CloseStatus.SESSION_NOT_RELIABLE);
            return false;
        }
        return !handoff.compareAndSet(0, 2);
    }

    private void onSendFailed(SendResult result) {
        if (closed.get()) {
            // Closing the socket fails the send in flight: already counted (or not a slow consumer at all).
            return;
        }
        Throwable cause = result.getException();
        log.info("Closing session {} of {}: send failed ({})", id(), userId(), cause == null ? "?" : cause.toString());
        metrics.slowConsumer();
        close(SLOW_CONSUMER);
    }

    /** Queues a WebSocket ping behind the frames already queued. */
    void sendPing() {
        if (!closed.get()) {
            outbound.add(PING);
            pump();
        }
    }

    private void ping() {
        try {
            sender.sendPing();
        } catch (IOException | RuntimeException e) {
            log.debug("Ping of session {} failed: {}", id(), e.toString());
        }
    }

    /** Closes the socket once; later sends are dropped. The close itself runs off the calling thread. */
    public void close(CloseStatus status) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        outbound.clear();
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
