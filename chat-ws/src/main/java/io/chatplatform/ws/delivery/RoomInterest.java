package io.chatplatform.ws.delivery;

import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.room.MembershipService;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.FrameRouter;
import io.chatplatform.ws.session.FrameRoutes;
import io.chatplatform.ws.session.SessionRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What this node listens to on a bus that routes by interest ({@link ClusterBus#routesByInterest()}): a room while
 * at least one user with a chat session here is its member, a user while they have a session here on any endpoint.
 * The first session of a user is set up before its READY goes out (the rooms are listened to, then their newest
 * seq read), so whatever the client reads after READY, every later message reaches this node as an event.
 * Membership changes move the interest: a user who joins a room while connected makes the node listen to it and
 * read back the messages posted since the join that it may have missed meanwhile ({@link #joined}).
 * <p>
 * One lock orders every change of interest with the bus's listen calls, so a room is never left unheard while a
 * member is here; a user's first handshake on this node waits for it (and for one query and one Redis round trip).
 */
@Component
public class RoomInterest implements FrameRoutes {

    private static final Logger log = LoggerFactory.getLogger(RoomInterest.class);

    private final ClusterBus bus;
    private final MembershipService memberships;
    private final RoomSequencer sequencer;
    private final SessionRegistry registry;
    private final Object lock = new Object();
    /** Room → the users with chat sessions here who are its members. */
    private final Map<Long, Set<String>> localMembers = new HashMap<>();
    /** User with chat sessions here → the rooms they count in. */
    private final Map<String, Set<Long>> roomsOf = new HashMap<>();
    /** User → the endpoints on which they have sessions here. */
    private final Map<String, Set<Endpoint>> endpointsOf = new HashMap<>();

    RoomInterest(ClusterBus bus, MembershipService memberships, RoomSequencer sequencer, SessionRegistry registry) {
        this.bus = bus;
        this.registry = registry;
        this.memberships = memberships;
        this.sequencer = sequencer;
    }

    @Override
    public void register(FrameRouter router) {
        if (!bus.routesByInterest()) {
            return;
        }
        for (Endpoint endpoint : Endpoint.values()) {
            router.onAdmitted(endpoint, (session, firstOfUser) -> {
                if (firstOfUser) {
                    reconcile(session.userId(), endpoint);
                }
            });
            router.onClosed(endpoint, (session, lastOfUser) -> {
                if (lastOfUser) {
                    reconcile(session.userId(), endpoint);
                }
            });
        }
    }

    /** Whether this node hears the room (always, on a bus that does not route by interest). */
    public boolean listensTo(Long roomId) {
        return bus.listensToRoom(roomId);
    }

    /**
     * A user's first session on an endpoint here was admitted (READY follows once this returns), or their last one
     * closed: whichever the registry says now, since an open and a close of one user may be heard in either order.
     */
    void reconcile(String userId, Endpoint endpoint) {
        synchronized (lock) {
            boolean online = registry.isOnline(endpoint, userId);
            boolean counted = endpointsOf.getOrDefault(userId, Set.of()).contains(endpoint);
            if (online && !counted) {
                arrived(userId, endpoint);
            } else if (!online && counted) {
                departed(userId, endpoint);
            }
        }
    }

    private void arrived(String userId, Endpoint endpoint) {
        synchronized (lock) {
            try {
                Set<Endpoint> endpoints = endpointsOf.computeIfAbsent(userId, id -> new HashSet<>());
                boolean newUser = endpoints.isEmpty();
                endpoints.add(endpoint);
                List<Long> newRooms = new ArrayList<>();
                if (endpoint == Endpoint.CHAT && !roomsOf.containsKey(userId)) {
                    Set<Long> rooms = new HashSet<>(memberships.roomIdsOf(userId));
                    roomsOf.put(userId, rooms);
                    for (Long roomId : rooms) {
                        if (addMember(roomId, userId)) {
                            newRooms.add(roomId);
                        }
                    }
                }
                bus.listen(newRooms, newUser ? List.of(userId) : List.of());
                startRooms(newRooms);
            } catch (RuntimeException e) {
                log.warn("Could not listen to the rooms of {}: they may miss other nodes' events until they reconnect",
                        userId, e);
            }
        }
    }

    private void departed(String userId, Endpoint endpoint) {
        synchronized (lock) {
            try {
                Set<Endpoint> endpoints = endpointsOf.get(userId);
                if (endpoints == null || !endpoints.remove(endpoint)) {
                    return;
                }
                List<Long> goneRooms = new ArrayList<>();
                if (endpoint == Endpoint.CHAT) {
                    for (Long roomId : roomsOf.getOrDefault(userId, Set.of())) {
                        if (removeMember(roomId, userId)) {
                            goneRooms.add(roomId);
                        }
                    }
                    roomsOf.remove(userId);
                }
                boolean goneUser = endpoints.isEmpty();
                if (goneUser) {
                    endpointsOf.remove(userId);
                }
                goneRooms.forEach(sequencer::forget);
                bus.stopListening(goneRooms, goneUser ? List.of(userId) : List.of());
            } catch (RuntimeException e) {
                log.warn("Could not stop listening for {}", userId, e);
            }
        }
    }

    /**
     * A user became a member of a room when its newest message was {@code lastSeq}. If they have chat sessions here
     * and nobody else here is a member, the node starts listening to the room and hands {@code fill} the messages
     * posted since {@code lastSeq}, which it may have missed before it listened.
     */
    public void joined(Long roomId, String userId, long lastSeq, Consumer<MessageView> fill) {
        if (!bus.routesByInterest()) {
            return;
        }
        synchronized (lock) {
            Set<Long> rooms = roomsOf.get(userId);
            if (rooms == null || !rooms.add(roomId) || !addMember(roomId, userId)) {
                return;
            }
            try {
                bus.listen(List.of(roomId), List.of());
                long upTo = memberships.lastSeqsOf(List.of(roomId)).getOrDefault(roomId, lastSeq);
                sequencer.startAt(roomId, lastSeq, upTo, fill);
            } catch (RuntimeException e) {
                log.warn("Could not listen to room {} that {} joined", roomId, userId, e);
            }
        }
    }

    /** A user is no longer a member of a room (or it was deleted): their sessions here stop counting for it. */
    public void left(Long roomId, String userId) {
        if (!bus.routesByInterest()) {
            return;
        }
        synchronized (lock) {
            Set<Long> rooms = roomsOf.get(userId);
            if (rooms == null || !rooms.remove(roomId) || !removeMember(roomId, userId)) {
                return;
            }
            sequencer.forget(roomId);
            try {
                bus.stopListening(List.of(roomId), List.of());
            } catch (RuntimeException e) {
                log.warn("Could not stop listening to room {}", roomId, e);
            }
        }
    }

    /** The rooms this node listens to for its members, for tests and metrics. */
    public Collection<Long> rooms() {
        synchronized (lock) {
            return List.copyOf(localMembers.keySet());
        }
    }

    private void startRooms(List<Long> roomIds) {
        if (roomIds.isEmpty()) {
            return;
        }
        Map<Long, Long> lastSeqs = memberships.lastSeqsOf(roomIds);
        for (Long roomId : roomIds) {
            long last = lastSeqs.getOrDefault(roomId, 0L);
            sequencer.startAt(roomId, last, last, missed -> { });
        }
    }

    /** @return whether the room had no member here before */
    private boolean addMember(Long roomId, String userId) {
        Set<String> members = localMembers.computeIfAbsent(roomId, id -> new HashSet<>());
        return members.add(userId) && members.size() == 1;
    }

    /** @return whether the room has no member here any more */
    private boolean removeMember(Long roomId, String userId) {
        Set<String> members = localMembers.get(roomId);
        if (members == null || !members.remove(userId)) {
            return false;
        }
        if (members.isEmpty()) {
            localMembers.remove(roomId);
            return true;
        }
        return false;
    }
}
