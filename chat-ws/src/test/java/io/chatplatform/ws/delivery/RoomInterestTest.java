package io.chatplatform.ws.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.mock;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
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
            new SimpleMeterRegistry());
    final RoomInterest interest = new RoomInterest(bus, memberships, sequencer, registry);

    @AfterEach
    void stop() {
        sequencer.destroy();
    }

    void connect(String userId, Endpoint endpoint) {
        when(registry.isOnline(endpoint, userId)).thenReturn(true);
        interest.reconcile(userId, endpoint);
    }

    void disconnect(String userId, Endpoint endpoint) {
        when(registry.isOnline(endpoint, userId)).thenReturn(false);
        interest.reconcile(userId, endpoint);
    }

    @Test
    void listensToARoomFromItsFirstConnectedMemberUntilItsLast() {
        when(memberships.roomIdsOf("alice")).thenReturn(List.of(1L, 2L));
        when(memberships.roomIdsOf("bob")).thenReturn(List.of(2L, 3L));
        when(memberships.lastSeqsOf(anyCollection())).thenReturn(Map.of());

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
        when(memberships.roomIdsOf("alice")).thenReturn(List.of());
        connect("alice", Endpoint.CHAT);
        when(memberships.lastSeqsOf(List.of(9L))).thenReturn(Map.of(9L, 12L));
        when(messages.range(9L, 10, 13)).thenReturn(List.of(message(9L, 11), message(9L, 12)));
        List<Long> filled = new ArrayList<>();

        interest.joined(9L, "alice", 10, missed -> filled.add(missed.seq()));

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
        when(memberships.roomIdsOf("erin")).thenReturn(List.of(5L));
        // The session closed before its admission was handled: the registry already says offline.
        interest.reconcile("erin", Endpoint.CHAT);

        assertThat(bus.rooms).isEmpty();
        assertThat(bus.users).isEmpty();
    }

    static MessageView message(long roomId, long seq) {
        return new MessageView(roomId, 100 + seq, seq, "bob", "c" + seq, "body", Instant.now(), null, null);
    }

    /** A bus that routes by interest and records what it listens to. */
    static final class RecordingBus implements ClusterBus {
        final Set<Long> rooms = new HashSet<>();
        final Set<String> users = new HashSet<>();
        int listenCalls;

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
        }
    }
}
