package io.chatplatform.ws.delivery;

import io.chatplatform.domain.common.DaemonThreads;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
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
 * member is here. Arrivals and departures are applied in batches by one thread, {@code room-interest}: everyone who
 * came or went while the previous batch was applied costs one membership query and one subscribe and one unsubscribe
 * round trip together, not one each, so a reconnect storm does not queue every handshake behind the others' round
 * trips. A handshake waits for its own batch; a close does not wait at all.
 */
@Component
public class RoomInterest implements FrameRoutes, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RoomInterest.class);
    /** Arrivals and departures applied together at most: one membership query's worth of users. */
    static final int BATCH = 500;

    private final ClusterBus bus;
    private final MembershipService memberships;
    private final RoomSequencer sequencer;
    private final SessionRegistry registry;
    private final RoomMembers members;
    private final Object lock = new Object();
    /** Room → the users with chat sessions here who are its members. */
    private final Map<Long, Set<String>> localMembers = new HashMap<>();
    /** User with chat sessions here → the rooms they count in. */
    private final Map<String, Set<Long>> roomsOf = new HashMap<>();
    /** User → the endpoints on which they have sessions here. */
    private final Map<String, Set<Endpoint>> endpointsOf = new HashMap<>();
    /** Arrivals and departures not yet applied, in the order they were heard. */
    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    private final ExecutorService applier = Executors.newSingleThreadExecutor(DaemonThreads.single("room-interest"));

    RoomInterest(ClusterBus bus, MembershipService memberships, RoomSequencer sequencer, SessionRegistry registry,
            RoomMembers members) {
        this.members = members;
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
                    reconcile(session.userId(), endpoint).join();
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
     * A user's first session on an endpoint here was admitted (READY follows once the returned future completes), or
     * their last one closed: whichever the registry says when the change is applied, since an open and a close of one
     * user may be heard in either order.
     *
     * @return completes once the node listens (or stopped listening) accordingly, or gave up trying (logged)
     */
    CompletableFuture<Void> reconcile(String userId, Endpoint endpoint) {
        Change change = new Change(new Key(userId, endpoint), new CompletableFuture<>());
        changes.add(change);
        try {
            applier.execute(this::applyQueued);
        } catch (RejectedExecutionException shuttingDown) {
            change.done().complete(null);
        }
        return change.done();
    }

    /** Applies whatever is queued (up to {@link #BATCH}); one task runs per change, so none is left behind. */
    private void applyQueued() {
        List<Change> batch = new ArrayList<>();
        for (Change change; batch.size() < BATCH && (change = changes.poll()) != null; ) {
            batch.add(change);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            synchronized (lock) {
                apply(batch);
            }
        } catch (RuntimeException e) {
            log.warn("Could not apply {} arrivals and departures: their rooms may miss other nodes' events until they"
                    + " reconnect", batch.size(), e);
        } finally {
            batch.forEach(change -> change.done().complete(null));
        }
    }

    private void apply(List<Change> batch) {
        Interest delta = new Interest();
        Set<Key> arrivals = new LinkedHashSet<>();
        Set<Key> departures = new LinkedHashSet<>();
        for (Change change : batch) {
            Key key = change.key();
            boolean online = registry.isOnline(key.endpoint(), key.userId());
            boolean counted = endpointsOf.getOrDefault(key.userId(), Set.of()).contains(key.endpoint());
            if (online && !counted) {
                arrivals.add(key);
            } else if (!online && counted) {
                departures.add(key);
            }
        }
        List<String> roomless = arrivals.stream().filter(this::needsRooms).map(Key::userId).distinct().toList();
        Map<String, List<Long>> roomIds = Map.of();
        if (!roomless.isEmpty()) {
            try {
                roomIds = memberships.roomIdsOf(roomless);
            } catch (RuntimeException e) {
                // Not counted: the user's next first session here tries again.
                log.warn("Could not read the rooms of {} users: they miss other nodes' events until they reconnect",
                        roomless.size(), e);
                arrivals.removeIf(this::needsRooms);
            }
        }
        departures.forEach(key -> departed(key, delta));
        for (Key key : arrivals) {
            arrived(key, roomIds, delta);
        }

        try {
            bus.stopListening(delta.rooms.off, delta.users.off);
        } catch (RuntimeException e) {
            log.warn("Could not stop listening to {} rooms and {} users", delta.rooms.off.size(),
                    delta.users.off.size(), e);
        }
        delta.rooms.off.forEach(this::forget); // after the bus: see RoomSequencer.forget
        bus.listen(delta.rooms.on, delta.users.on);
        startRooms(List.copyOf(delta.rooms.on));
    }

    /** A chat arrival of a user whose rooms this node has not read yet. */
    private boolean needsRooms(Key key) {
        return key.endpoint() == Endpoint.CHAT && !roomsOf.containsKey(key.userId());
    }

    private void arrived(Key key, Map<String, List<Long>> roomIds, Interest delta) {
        Set<Endpoint> endpoints = endpointsOf.computeIfAbsent(key.userId(), id -> new HashSet<>());
        if (endpoints.isEmpty()) {
            delta.users.on(key.userId());
        }
        endpoints.add(key.endpoint());
        if (needsRooms(key)) {
            Set<Long> rooms = new HashSet<>(roomIds.getOrDefault(key.userId(), List.of()));
            roomsOf.put(key.userId(), rooms);
            for (Long roomId : rooms) {
                if (addMember(roomId, key.userId())) {
                    delta.rooms.on(roomId);
                }
            }
        }
    }

    private void departed(Key key, Interest delta) {
        Set<Endpoint> endpoints = endpointsOf.get(key.userId());
        if (endpoints == null || !endpoints.remove(key.endpoint())) {
            return;
        }
        if (key.endpoint() == Endpoint.CHAT) {
            for (Long roomId : roomsOf.getOrDefault(key.userId(), Set.of())) {
                if (removeMember(roomId, key.userId())) {
                    delta.rooms.off(roomId);
                }
            }
            roomsOf.remove(key.userId());
        }
        if (endpoints.isEmpty()) {
            endpointsOf.remove(key.userId());
            delta.users.off(key.userId());
        }
    }

    /**
     * A user became a member of a room when its newest message was {@code lastSeq}. If they have chat sessions here
     * and nobody else here is a member, the node starts listening to the room and hands {@code fill} the messages
     * posted since {@code lastSeq}, which it may have missed before it listened.
     */
    public void joined(Long roomId, String userId, long lastSeq, Consumer<List<MessageView>> fill) {
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
            try {
                bus.stopListening(List.of(roomId), List.of());
            } catch (RuntimeException e) {
                log.warn("Could not stop listening to room {}", roomId, e);
            }
            forget(roomId);
        }
    }

    /**
     * What this node knew of a room it no longer hears: its queue, and its cached member list, which would go stale
     * (the membership changes of other nodes no longer reach this one) and be used by TYPING and READ, which name no
     * membership version, once a member here hears the room again.
     */
    private void forget(Long roomId) {
        sequencer.forget(roomId);
        members.forget(roomId);
    }

    /** The rooms this node listens to for its members, for tests and metrics. */
    public Collection<Long> rooms() {
        synchronized (lock) {
            return List.copyOf(localMembers.keySet());
        }
    }

    /** Stops applying; whoever still waits for a change is let go (the node is going down). */
    @Override
    public void destroy() {
        applier.shutdownNow();
        for (Change change; (change = changes.poll()) != null; ) {
            change.done().complete(null);
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

    private record Change(Key key, CompletableFuture<Void> done) {
    }

    private record Key(String userId, Endpoint endpoint) {
    }

    /**
     * What one batch changes on the bus: a room or user that goes off and comes back on within it (a user who
     * reconnected before their close was applied) never leaves the bus.
     */
    private static final class Interest {
        final Delta<Long> rooms = new Delta<>();
        final Delta<String> users = new Delta<>();
    }

    /** What one batch turns on and off of one kind; off then on again (or on then off) is no change at all. */
    private static final class Delta<T> {
        final Set<T> on = new LinkedHashSet<>();
        final Set<T> off = new LinkedHashSet<>();

        void on(T id) {
            if (!off.remove(id)) {
                on.add(id);
            }
        }

        void off(T id) {
            if (!on.remove(id)) {
                off.add(id);
            }
        }
    }
}
