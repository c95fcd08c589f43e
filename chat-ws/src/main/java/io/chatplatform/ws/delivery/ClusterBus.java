package io.chatplatform.ws.delivery;

import java.util.function.Consumer;

/**
 * Carries encoded frames to the other nodes of the cluster. Every node has one; with a single node it carries
 * nothing. Publishing never blocks the caller.
 */
public interface ClusterBus {

    /** Sends an envelope to every other node; this node has delivered it to its own sessions already. */
    void publish(Envelope envelope);

    /** Registers who delivers envelopes of one target kind arriving from other nodes. */
    void onReceive(Envelope.Target target, Consumer<Envelope> delivery);

    /**
     * Registers what to do when this node's link to the others is back after a break (Redis restarted, say): what
     * the others published meanwhile never arrives, so whoever keeps state from envelopes catches up from the
     * database. Runs on the thread that delivers envelopes, before any envelope received after the break.
     */
    default void onResumed(Runnable listener) {
    }
}
