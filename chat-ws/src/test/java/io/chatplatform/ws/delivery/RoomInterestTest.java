package io.chatplatform.ws.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.room.MembershipService;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.SessionRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a node listens to as its users come, go, join and leave rooms, on a bus that routes by interest. */
class RoomInterestTest {

    final RecordingBus bus = new RecordingBus();
    final MembershipService memberships = mock(MembershipService.class);
    final MessageService messages = mock(MessageService.class);
    final SessionRegistry registry = mock(SessionRegistry.class);
    final RoomSequencer sequencer = new RoomSequencer(messages,
            new ClusterProperties(ClusterProperties.Mode.REDIS, "redis://unused", "test", "node", Duration.ofSeconds(5),
                    Duration.ofSeconds(15), Duration.ofMillis(100), null, false, Duration.ofSeconds(30)),
            new SimpleMeterRegistry(), bus);
    final RoomMembers members = new RoomMembers(memberships);
    final RoomInterest interest = new RoomInterest(bus, memberships, sequencer, registry, members);
    /** What the registry says: user + endpoint online. */
    final Set<String> online = ConcurrentHashMap.newKeySet();
    /** What the database says: user → rooms. */
    final Map<String, List<Long>> roomsOfUser = new ConcurrentHashMap<>();

    @BeforeEach
    void fakeRegistryAndDatabase() {
        when(registry.isOnline(any(), any())).thenAnswer(call -> online.contains(call.getArgument(1) + "@"
                + call.getArgument(0)));
        when(memberships.roomIdsOf(anyCollection())).thenAnswer(call -> {
            Map<String, List<Long>> rooms = new HashMap<>();
            for (Object userId : (Collection<?>) call.getArgument(0)) {
                rooms.put((String) userId, roomsOfUser.getOrDefault((String) userId, List.of()));
            }
            return rooms;
        });
        when(memberships.lastSeqsOf(anyCollection())).thenReturn(Map.of());
    }

    @AfterEach
    void stop() {
        bus.open();
        interest.destroy();
        sequencer.destroy();
    }

    CompletableFuture<Void> connectLater(String userId, Endpoint endpoint) {
        online.add(userId + "@" + endpoint);
        return interest.reconcile(userId, endpoint);
    }

    CompletableFuture<Void> disconnectLater(String userId, Endpoint endpoint) {
        online.remove(userId + "@" + endpoint);
        return interest.reconcile(userId, endpoint);
    }

    void connect(String userId, Endpoint endpoint) {
        connectLater(userId, endpoint).join();
    }

    void disconnect(String userId, Endpoint endpoint) {
        disconnectLater(userId, endpoint).join();
    }

    @Test
    void listensToARoomFromItsFirstConnectedMemberUntilItsLast() {
        roomsOfUser.put("alice", List.of(1L, 2L));
        roomsOfUser.put("bob", List.of(2L, 3L));

        connect("alice", Endpoint.CHAT);
        assertThat(bus.rooms).containsExactlyInAnyOrder(1L, 2L);
        assertThat(bus.users).containsExactly("alice");
        connect("bob", Endpoint.CHAT);
        assertThat(bus.rooms).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(bus.listenCalls).as("rooms listened to, room 2 once").isEqualTo(3);

        disconnect("alice", Endpoint.CHAT);
        assertThat(bus.rooms).as("room 2 still has bob").containsExactlyInAnyOrder(2L, 3L);
        assertThat(bus.users).containsExactly("bob");
        disconnect("bob", Endpoint.CHAT);
        assertThat(bus.rooms).isEmpty();
        assertThat(bus.users).isEmpty();
    }

    /**
     * A room no longer heard loses its cached members: other nodes' membership changes stop reaching this one, and
     * TYPING and READ, which name no membership version, would go to a removed member (or miss an added one) once a
     * member here hears the room again.
     */
    @Test
    void aRoomNoLongerHeardForgetsItsCachedMembers() {
        roomsOfUser.put("alice", List.of(2L));
        when(memberships.memberSnapshot(2L)).thenReturn(
                new MembershipService.MemberSnapshot(1, List.of("alice", "mallory")),
                new MembershipService.MemberSnapshot(2, List.of("alice")));
        connect("alice", Endpoint.CHAT);
        assertThat(members.of(2L)).containsExactly("alice", "mallory");

        disconnect("alice", Endpoint.CHAT); // meanwhile another node removes mallory: this node no longer hears it
        connect("alice", Endpoint.CHAT);

        assertThat(members.of(2L)).as("read afresh").containsExactly("alice");
    }

    @Test
    void aUserWithOnlyANotifySessionIsHeardButCountsForNoRoom() {
        connect("carol", Endpoint.NOTIFY);

        assertThat(bus.users).containsExactly("carol");
        assertThat(bus.rooms).isEmpty();
        disconnect("carol", Endpoint.NOTIFY);
        assertThat(bus.users).isEmpty();
    }

    @Test
    void aConnectedUserWhoJoinsARoomNobodyHereIsInMakesTheNodeListenAndCatchUp() {
        connect("alice", Endpoint.CHAT);
        when(memberships.lastSeqsOf(List.of(9L))).thenReturn(Map.of(9L, 12L));
        when(messages.range(9L, 10, 13)).thenReturn(List.of(message(9L, 11), message(9L, 12)));
        List<Long> filled = new ArrayList<>();

        interest.joined(9L, "alice", 10, missed -> missed.forEach(message -> filled.add(message.seq())));

        assertThat(bus.rooms).containsExactly(9L);
        assertThat(filled).as("posted after the join, before the node listened").containsExactly(11L, 12L);
        assertThat(interest.listensTo(9L)).isTrue();

        interest.left(9L, "alice");
        assertThat(bus.rooms).isEmpty();
        assertThat(interest.listensTo(9L)).isFalse();
    }

    @Test
    void aJoinOfSomeoneWithNoSessionHereChangesNothing() {
        interest.joined(9L, "dave", 0, missed -> { });

        assertThat(bus.rooms).isEmpty();
        assertThat(bus.listenCalls).isZero();
    }

    @Test
    void aCloseHeardBeforeItsOpenLeavesNothingListenedTo() {
        roomsOfUser.put("erin", List.of(5L));
        // The session closed before its admission was handled: the registry already says offline.
        interest.reconcile("erin", Endpoint.CHAT).join();

        assertThat(bus.rooms).isEmpty();
        assertThat(bus.users).isEmpty();
    }

    /** A reconnect storm: everyone who arrives while one arrival waits on Redis is set up in one go after it. */
    @Test
    void usersWhoArriveWhileABatchIsAppliedShareOneQueryAndOneSubscribe() {
        roomsOfUser.put("first", List.of(1L));
        bus.close();
        CompletableFuture<Void> first = connectLater("first", Endpoint.CHAT);
        bus.awaitBlocked();
        List<CompletableFuture<Void>> others = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            roomsOfUser.put("user" + i, List.of(1L, 100L + i));
            others.add(connectLater("user" + i, Endpoint.CHAT));
        }
        assertThat(others).as("waiting for the batch ahead").noneMatch(CompletableFuture::isDone);

        bus.open();
        first.join();
        others.forEach(CompletableFuture::join);

        assertThat(bus.rooms).hasSize(51).contains(1L, 100L, 149L);
        assertThat(bus.users).hasSize(51);
        assertThat(bus.subscribeRounds).as("one round for the first, one for the 50 behind it").isEqualTo(2);
        verify(memberships, times(2)).roomIdsOf(anyCollection());
    }

    /**
     * A room whose last member here left and whose next one arrived in the same batch, and a user whose close was
     * applied after they had already come back, are never unsubscribed: nothing posted meanwhile can be missed.
     */
    @Test
    void interestThatGoesAndComesBackInOneBatchNeverLeavesTheBus() {
        roomsOfUser.put("alice", List.of(7L));
        roomsOfUser.put("dave", List.of(7L, 8L));
        roomsOfUser.put("erin", List.of(9L));
        connect("alice", Endpoint.CHAT);
        connect("erin", Endpoint.CHAT);
        bus.close();
        CompletableFuture<Void> carol = connectLater("carol", Endpoint.NOTIFY);
        bus.awaitBlocked();

        CompletableFuture<Void> aliceGone = disconnectLater("alice", Endpoint.CHAT);
        CompletableFuture<Void> daveHere = connectLater("dave", Endpoint.CHAT);
        CompletableFuture<Void> erinGone = disconnectLater("erin", Endpoint.CHAT);
        CompletableFuture<Void> erinBack = connectLater("erin", Endpoint.CHAT);
        bus.open();
        CompletableFuture.allOf(carol, aliceGone, daveHere, erinGone, erinBack).join();

        assertThat(bus.rooms).containsExactlyInAnyOrder(7L, 8L, 9L);
        assertThat(bus.users).containsExactlyInAnyOrder("carol", "dave", "erin");
        assertThat(bus.roomsStopped).as("rooms 7 and 9 stayed subscribed").isEmpty();
        assertThat(bus.usersStopped).containsExactly("alice");
        assertThat(interest.rooms()).containsExactlyInAnyOrder(7L, 8L, 9L);
    }

    static MessageView message(long roomId, long seq) {
        return new MessageView(roomId, 100 + seq, seq, "bob", "c" + seq, "body", Instant.now(), null, null);
    }

    /** A bus that routes by interest and records what it listens to; {@link #close()} holds its listen calls. */
    static final class RecordingBus implements ClusterBus {
        final Set<Long> rooms = ConcurrentHashMap.newKeySet();
        final Set<String> users = ConcurrentHashMap.newKeySet();
        final List<Long> roomsStopped = new CopyOnWriteArrayList<>();
        final List<String> usersStopped = new CopyOnWriteArrayList<>();
        volatile int listenCalls;
        volatile int subscribeRounds;
        private final Semaphore blocked = new Semaphore(0);
        private volatile CountDownLatch gate = new CountDownLatch(0);

        void close() {
            gate = new CountDownLatch(1);
        }

        void open() {
            gate.countDown();
        }

        void awaitBlocked() {
            try {
                assertThat(blocked.tryAcquire(10, TimeUnit.SECONDS)).as("a listen call waits on the bus").isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void publish(Envelope envelope) {
        }

        @Override
        public void onReceive(Envelope.Target target, Consumer<Envelope> delivery) {
        }

        @Override
        public boolean routesByInterest() {
            return true;
        }

        @Override
        public boolean listensToRoom(Long roomId) {
            return rooms.contains(roomId);
        }

        @Override
        public void listen(Collection<Long> roomIds, Collection<String> userIds) {
            if (roomIds.isEmpty() && userIds.isEmpty()) {
                return;
            }
            CountDownLatch held = gate;
            if (held.getCount() > 0) {
                blocked.release(); // only a call that waits counts: earlier calls through an open gate do not
            }
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            subscribeRounds++;
            for (Long roomId : roomIds) {
                assertThat(rooms.add(roomId)).as("room %s listened to twice", roomId).isTrue();
                listenCalls++;
            }
            users.addAll(userIds);
        }

        @Override
        public void stopListening(Collection<Long> roomIds, Collection<String> userIds) {
            rooms.removeAll(roomIds);
            users.removeAll(userIds);
            roomsStopped.addAll(roomIds);
            usersStopped.addAll(userIds);
        }
    }
}
