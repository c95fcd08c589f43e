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
}
