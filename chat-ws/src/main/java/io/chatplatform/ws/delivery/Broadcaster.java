package io.chatplatform.ws.delivery;

import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserService;
import io.chatplatform.ws.protocol.CloseCodes;
import io.chatplatform.ws.protocol.FrameCodec;
import io.chatplatform.ws.protocol.ServerFrame;
import io.chatplatform.ws.session.ClientSession;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.SessionRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Hands one encoded frame to the sessions of many users, on this node (through the {@link Fanout}) and, through
 * the {@link ClusterBus}, on every other node. Encoding happens once per frame, never per recipient. Every frame
 * meant for more than the session that asked (room messages too, after their room's ordering, below) passes
 * here and from here the {@link Fanout}; answers to a session's own frame (ACK, ERROR, pages) go to its outbox,
 * behind the same writer, and so keep their place among the rest.
 *
 * <p>Guarantees, cluster-wide, per session:
 * <ul>
 * <li><b>Order</b>: frames this node gives for a user reach the user's sessions on this node in the order given
 * ({@link Fanout}), and on every other node in the order this node published them (the bus keeps one node's
 * envelopes of one user in order). Frames given by two nodes are not ordered against each other. Room messages
 * are ordered by {@code seq} before they get here: their room's delivery lane on the posting node
 * ({@link RoomDelivery}), the {@link RoomSequencer} on the others, which holds a gap back until it is filled.</li>
 * <li><b>Loss</b>: on a node, as {@link Fanout} says (a session that cannot keep up is closed, never skipped
 * silently). Across nodes, an envelope published while a node's link to the bus is broken does not arrive; after
 * the break, room messages are caught up from the database ({@link ClusterBus#onResumed}), to the room's members as
 * read then (membership changes of the break were missed too, so no cached member list is trusted), notifications are
 * replayed at the next {@code /ws/notify} open, and what is only news of the moment (typing, presence) is gone,
 * as it would be for a client that was offline.</li>
 * <li><b>Duplication</b>: none from here. This node delivers to its own sessions and publishes once; the bus
 * drops a node's own envelopes, so no node delivers a frame twice. A room message that both arrives and is caught
 * up is passed on once, by {@code seq}.</li>
 * </ul>
 */
@Component
public class Broadcaster implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);
    /** Numbered role frames wait at most this long for a missing earlier number (on its way from another node). */
    private static final long NUMBERED_HOLD_MILLIS = 500;

    private final SessionRegistry registry;
    private final FrameCodec codec;
    private final ClusterBus bus;
    private final Fanout fanout;
    private final UserService users;
    private final NumberedOrder numbered = new NumberedOrder(NUMBERED_HOLD_MILLIS);

    Broadcaster(SessionRegistry registry, FrameCodec codec, ClusterBus bus, Fanout fanout, UserService users) {
        this.users = users;
        this.registry = registry;
        this.codec = codec;
        this.bus = bus;
        this.fanout = fanout;
        bus.onReceive(Envelope.Target.USERS, e -> deliverToUsers(e.endpoint(), e.userIds(), e.frame()));
        bus.onReceive(Envelope.Target.ALL, e -> deliverToAll(e.endpoint(), e.frame()));
        bus.onReceive(Envelope.Target.ROLE, e -> {
            if (e.roomId() != null && e.seq() > 0) {
                numbered.offer(e.roomId(), e.seq(), () -> deliverToRole(e.endpoint(), e.role(), e.frame()));
            } else {
                deliverToRole(e.endpoint(), e.role(), e.frame());
            }
        });
        bus.onReceive(Envelope.Target.DISCONNECT, e -> closeLocally(e.userIds(), e.frame()));
    }

    @Override
    public void destroy() {
        numbered.close();
    }

    /** Closes every session of the listed users on every endpoint and node with 4403. */
    public void disconnect(List<String> userIds, String reason) {
        closeLocally(userIds, reason);
        for (List<String> some : inEnvelopeSizedParts(userIds)) {
            bus.publish(Envelope.disconnect(some, reason));
        }
    }

    /** Other nodes refuse envelopes listing more than {@link Envelope#MAX_USER_IDS} users: longer lists go in parts. */
    private static List<List<String>> inEnvelopeSizedParts(List<String> userIds) {
        List<List<String>> parts = new ArrayList<>();
        for (int from = 0; from < userIds.size(); from += Envelope.MAX_USER_IDS) {
            parts.add(List.copyOf(userIds.subList(from, Math.min(userIds.size(), from + Envelope.MAX_USER_IDS))));
        }
        return parts;
    }

    /**
     * Closes this node's sessions of the users, once this node knows of their revocation: a handshake that checked
     * its token before that and files its session after this sweep then finds the token revoked itself (see
     * {@code SessionHandler}). If the revocations cannot be read now, the sweep still runs.
     */
    private void closeLocally(List<String> userIds, String reason) {
        try {
            users.rereadRevocations(userIds);
        } catch (RuntimeException e) {
            log.warn("Could not re-read the revocations of {} users before closing their sessions", userIds.size(), e);
        }
        for (Endpoint endpoint : Endpoint.values()) {
            for (String userId : userIds) {
                for (ClientSession session : registry.sessionsOf(endpoint, userId)) {
                    session.close(CloseCodes.forbidden(reason));
                }
            }
        }
    }

    /** Sends a frame to every open session of each listed user on one endpoint, cluster-wide. */
    public void toUsers(Endpoint endpoint, Collection<String> userIds, ServerFrame frame) {
        if (userIds.isEmpty()) {
            return;
        }
        toUsers(endpoint, userIds, codec.encode(frame));
    }

    /** Sends an encoded frame to every open session of each listed user on one endpoint, cluster-wide. */
    public void toUsers(Endpoint endpoint, Collection<String> userIds, String text) {
        if (userIds.isEmpty()) {
            return;
        }
        deliverToUsers(endpoint, userIds, text);
        for (List<String> some : inEnvelopeSizedParts(List.copyOf(userIds))) {
            bus.publish(Envelope.toUsers(endpoint, some, text));
        }
    }

    /** Sends a frame to every open session of one user on one endpoint, cluster-wide. */
    public void toUser(Endpoint endpoint, String userId, ServerFrame frame) {
        toUsers(endpoint, List.of(userId), frame);
    }

    /** Sends a frame to every open, authenticated session of the given endpoints, cluster-wide. */
    public void toAll(ServerFrame frame, Endpoint... endpoints) {
        String text = codec.encode(frame);
        for (Endpoint endpoint : endpoints) {
            deliverToAll(endpoint, text);
            bus.publish(Envelope.toAll(endpoint, text));
        }
    }

    /** Sends a frame only to sessions whose user has the given platform role, cluster-wide. */
    public void toRole(Endpoint endpoint, Role role, ServerFrame frame) {
        String text = codec.encode(frame);
        deliverToRole(endpoint, role, text);
        bus.publish(Envelope.toRole(endpoint, role, text));
    }

    /**
     * Sends a frame to every open session of a role, cluster-wide, numbered within a key (consecutive numbers as
     * the caller decided them, e.g. a crowd zone's alerts and clears): every node, this one included, hands a key's
     * frames to its sessions in number order, whichever node sent each and in whatever order they arrive. A frame whose
     * number has passed is dropped; one that skips a number (the first heard for a key too) waits up to half a
     * second for the missing one. Keys are shared by every caller: one feature's ids only.
     */
    public void toRoleInOrder(Endpoint endpoint, Role role, long key, long number, ServerFrame frame) {
        String text = codec.encode(frame);
        numbered.offer(key, number, () -> deliverToRole(endpoint, role, text));
        bus.publish(Envelope.toRoleInOrder(endpoint, role, key, number, text));
    }

    /** This node's share of a delivery: the local sessions of the listed users. */
    public void deliverToUsers(Endpoint endpoint, Collection<String> userIds, String text) {
        List<ClientSession> sessions = new ArrayList<>(userIds.size());
        for (String userId : userIds) {
            sessions.addAll(registry.sessionsOf(endpoint, userId));
        }
        fanout.toSessions(sessions, text);
    }

    private void deliverToAll(Endpoint endpoint, String text) {
        List<ClientSession> sessions = new ArrayList<>();
        registry.forEachAuthenticated(endpoint, sessions::add);
        fanout.toSessions(sessions, text);
    }

    private void deliverToRole(Endpoint endpoint, Role role, String text) {
        List<ClientSession> sessions = new ArrayList<>();
        registry.forEachAuthenticated(endpoint, session -> {
            if (session.actor().role() == role) {
                sessions.add(session);
            }
        });
        fanout.toSessions(sessions, text);
    }
}
