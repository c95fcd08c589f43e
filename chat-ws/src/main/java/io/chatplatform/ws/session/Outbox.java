package io.chatplatform.ws.session;

/**
 * Where one session's outgoing frames wait for the writer that owns the session. Any thread may offer at any time
 * and never waits; frames and pings leave in the order offered, one at a time, never overlapping, except that
 * nothing leaves before the session's first frame, READY ({@link #offerFirst}): what is offered earlier follows it.
 */
public interface Outbox {

    /** @return false, queuing nothing, when the frame would take the session past its send buffer limit */
    boolean offer(String text);

    /**
     * Queues the session's first frame (READY): frames and pings offered before it wait, and leave right after it.
     * A session is filed, and so can be sent room frames, before its READY is queued, so that it misses nothing
     * posted after READY; this keeps READY first on the wire all the same.
     *
     * @return false, queuing nothing, when the frame would take the session past its send buffer limit
     */
    boolean offerFirst(String text);

    /** Queues a WebSocket ping behind what waits. */
    void offerPing();

    /** Drops what waits; nothing more is written. */
    void stop();
}
