package io.chatplatform.ws.session;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's outgoing frames. Any thread may offer a frame at any time; frames go out one at a time through a
 * non-blocking send, in the order they were offered, so an offering thread never waits for a slow client. Pings
 * queue like frames, so a ping never overlaps a frame being written.
 */
final class SendQueue {

    private static final Logger log = LoggerFactory.getLogger(SendQueue.class);
    /** Compared by identity: a frame's text is never this very object. */
    private static final String PING = new String("ping");

    private final TextSender sender;
    private final long limitChars;
    private final Consumer<Throwable> onFailure;
    private final Queue<String> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean stopped;

    /**
     * @param limitBytes how much may wait before {@link #offer} refuses
     * @param onFailure  told when a send fails (timed out, connection lost) or the container refuses one
     */
    SendQueue(TextSender sender, long limitBytes, Consumer<Throwable> onFailure) {
        this.sender = sender;
        // Queued frames are Java strings; two bytes a char bounds the memory they hold.
        this.limitChars = Math.max(1, limitBytes / 2);
        this.onFailure = onFailure;
    }

    /** @return false, queuing nothing, when the frame would take the queue past its limit */
    boolean offer(String text) {
        if (queuedChars.addAndGet(text.length()) > limitChars) {
            queuedChars.addAndGet(-text.length());
            return false;
        }
        outbound.add(text);
        pump();
        return true;
    }

    void offerPing() {
        outbound.add(PING);
        pump();
    }

    /** Drops what waits; nothing more is sent. */
    void stop() {
        stopped = true;
        outbound.clear();
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
            if (stopped || !transmit(next)) {
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
                    onFailure.accept(result.getException());
                }
                sending.set(false);
                if (!handoff.compareAndSet(0, 1)) {
                    pump();
                }
            });
        } catch (RuntimeException refused) {
            // The container refuses sends once the socket is closing.
            queuedChars.addAndGet(-text.length());
            sending.set(false);
            onFailure.accept(refused);
            return false;
        }
        return !handoff.compareAndSet(0, 2);
    }

    private void ping() {
        try {
            sender.sendPing();
        } catch (IOException | RuntimeException e) {
            log.debug("Ping failed: {}", e.toString());
        }
    }
}
