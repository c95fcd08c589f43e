package io.chatplatform.ws.delivery;

import io.chatplatform.ws.session.ClientSession;
import java.util.Collection;

/**
 * Hands one encoded frame to many sessions of this node. The caller encodes once; the frame is written by the
 * writer threads that own the sessions, never on the caller's thread, and the call never waits for a client.
 *
 * <p>Guarantees, per session:
 * <ul>
 * <li><b>Order</b>: frames given for a session leave in the order given, whether they came through this
 * interface or {@link ClientSession#send}, from one thread. Frames given from different threads are ordered as
 * the calls were (each call queues before it returns). A room's frames are given from the room's ordering thread in
 * {@code seq} order, so every session receives them in {@code seq} order. Pings queue like frames and never
 * overlap one.</li>
 * <li><b>Loss</b>: none silently. A session whose queued frames pass {@code chat.ws.send-buffer-limit}, or whose
 * socket accepts nothing for {@code chat.ws.write-stall-timeout}, is closed with 1013 (slow consumer), counted in
 * {@code chat.ws.slow.consumers}; the client reconnects and SYNCs what it missed. Frames for a session that is
 * closed or closing are dropped: its client SYNCs after reconnecting.</li>
 * <li><b>Duplication</b>: none on one node; each frame given for a session is written at most once. Across
 * nodes, the cluster bus's own cases apply (a message resent after a gap fill is deduplicated by {@code seq} in
 * the room sequencer, not here).</li>
 * </ul>
 */
public interface Fanout {

    /** Queues {@code text} for each of the sessions; closed ones are skipped. */
    void toSessions(Collection<ClientSession> sessions, String text);
}
