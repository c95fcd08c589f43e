package io.chatplatform.ws.delivery;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * Carries encoded frames to the other nodes of the cluster. Every node has one; with a single node it carries
 * nothing. Publishing never blocks the caller.
 * <p>
 * A bus may route by interest: a node then hears a room's envelopes only while it {@linkplain #listen listens} to
 * the room, and a user's (USERS, DISCONNECT, JOINED, LEFT) only while it listens to the user; envelopes for
 * everyone (ALL, ROLE, REVOKED) reach every node. Envelopes of one room, or of one user, arrive in the order they
 * were published by one node; nothing orders one room's envelopes against another's, or a room's against a user's.
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

    /** Whether envelopes reach a node only for what it listens to; if not, {@link #listen} is never needed. */
    default boolean routesByInterest() {
        return false;
    }

    /** Whether this node hears the room's envelopes now. */
    default boolean listensToRoom(Long roomId) {
        return true;
    }

    /**
     * Starts hearing the rooms' and users' envelopes; returns once Redis confirmed, so that everything published
     * afterwards is heard. Not thread-safe: callers serialise their calls of this and {@link #stopListening}.
     */
    default void listen(Collection<Long> roomIds, Collection<String> userIds) {
    }

    default void stopListening(Collection<Long> roomIds, Collection<String> userIds) {
    }
}
