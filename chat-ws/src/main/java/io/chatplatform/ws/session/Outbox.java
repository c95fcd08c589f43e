package io.chatplatform.ws.session;

/**
 * Where one session's outgoing frames wait for the writer that owns the session. Any thread may offer at any time
 * and never waits; frames and pings leave in the order offered, one at a time, never overlapping.
 */
public interface Outbox {

    /** @return false, queuing nothing, when the frame would take the session past its send buffer limit */
    boolean offer(String text);

    /** Queues a WebSocket ping behind what waits. */
    void offerPing();

    /** Drops what waits; nothing more is written. */
    void stop();
}
