package io.chatplatform.ws.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.message.MessageView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomSequencerTest {

    static final long ROOM = 7L;

    final MessageService messages = mock(MessageService.class);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Rooms this node has stopped hearing (the bus no longer listens to them); every other room is heard. */
    final Set<Long> unheard = ConcurrentHashMap.newKeySet();
    final RoomSequencer sequencer = new RoomSequencer(messages,
            new ClusterProperties(ClusterProperties.Mode.NONE, "redis://unused", "test", "node", Duration.ofSeconds(5),
                    Duration.ofSeconds(15), Duration.ofMillis(100), null, false, Duration.ofSeconds(30)), meters,
            roomId -> !unheard.contains(roomId));
    final List<Long> delivered = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        sequencer.destroy();
    }

    void submit(long seq) {
        sequencer.submit(ROOM, seq, () -> delivered.add(seq), filled -> filled.forEach(message -> delivered.add(message.seq())));
    }

    @Test
    void deliversInOrderWhenMessagesArriveInOrder() {
        submit(1);
        submit(2);
        submit(3);

        assertThat(delivered).containsExactly(1L, 2L, 3L);
        verify(messages, never()).range(eq(ROOM), anyLong(), anyLong());
    }

    @Test
    void aMessageArrivingAfterTheNodeStoppedHearingItsRoomLeavesNoQueueThatWouldReadTheRoomBack() {
        submit(1);
        // The bus stops listening, then the room is forgotten; an event already on its way arrives after both.
        unheard.add(ROOM);
        sequencer.forget(ROOM);
        submit(5);

        // Kept, a queue for message 5 would start where the node began tracking (0 here) and, after the gap timeout
        // (100 ms), read the room back from there.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> delivered.size() == 1);
        verify(messages, never()).isStored(eq(ROOM), anyLong());
        verify(messages, never()).range(eq(ROOM), anyLong(), anyLong());

        // Heard again: the room starts where the node starts listening, as always.
        unheard.remove(ROOM);
        sequencer.startAt(ROOM, 9, 9, filled -> { });
        submit(10);
        assertThat(delivered).containsExactly(1L, 10L);
    }

    @Test
    void holdsAnEarlyMessageUntilTheOneBeforeItArrives() {
        submit(1);
        submit(3);
        assertThat(delivered).containsExactly(1L);

        submit(2);

        assertThat(delivered).containsExactly(1L, 2L, 3L);
    }

    @Test
    void dropsRepeats() {
        submit(1);
        submit(2);
        submit(2);
        submit(1);

        assertThat(delivered).containsExactly(1L, 2L);
    }

    @Test
    void readsAMessageThatNeverArrivesFromTheDatabase() {
        when(messages.range(ROOM, 1, 3)).thenReturn(List.of(message(2)));
        when(messages.isStored(ROOM, 3)).thenReturn(true);
        submit(1);
        submit(3);
        submit(4);

        await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 4);
        assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aRoomFirstSeenMidwayStillDeliversAnEarlierMessageStillInFlight() {
        // Nothing of this room was stored before the node began tracking; seq 1 comes from another node, late.
        submit(2);
        submit(1);

        assertThat(delivered).containsExactly(1L, 2L);
    }

    @Test
    void anAnnouncedSeqThatIsNotStoredIsDiscardedInsteadOfSilencingTheRoom() {
        long farAhead = 1_000_000_000_000L;
        submit(1);
        submit(farAhead);

        await().atMost(Duration.ofSeconds(5)).until(() -> meters.counter("chat.cluster.messages.discarded").count() == 1);
        submit(2);
        submit(3);

        assertThat(delivered).containsExactly(1L, 2L, 3L);
        verify(messages, never()).range(eq(ROOM), anyLong(), anyLong());
    }

    @Test
    void anUnknownSeqBeforeARealGapIsDiscardedAndTheGapStillFilled() {
        when(messages.isStored(ROOM, 4)).thenReturn(true);
        when(messages.range(ROOM, 1, 4)).thenReturn(List.of(message(2), message(3)));
        submit(1);
        sequencer.submit(ROOM, 3, () -> delivered.add(-3L), filled -> filled.forEach(message -> delivered.add(message.seq()))); // not stored (yet)
        submit(4);

        await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 4);
        assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void fillsAFurtherGapBehindTheOneItFilledWithoutALaterMessage() {
        when(messages.isStored(ROOM, 3)).thenReturn(true);
        when(messages.isStored(ROOM, 5)).thenReturn(true);
        when(messages.range(ROOM, 1, 3)).thenReturn(List.of(message(2)));
        when(messages.range(ROOM, 3, 5)).thenReturn(List.of(message(4)));
        submit(1);
        submit(3);
        submit(5);

        await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 5);
        assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void triesAGapFillAgainWhenTheDatabaseFailed() {
        when(messages.isStored(ROOM, 3)).thenThrow(new IllegalStateException("database away")).thenReturn(true);
        when(messages.range(ROOM, 1, 3)).thenReturn(List.of(message(2)));
        submit(1);
        submit(3);

        await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 3);
        assertThat(delivered).containsExactly(1L, 2L, 3L);
    }

    @Test
    void catchUpDeliversWhatOtherNodesPostedDuringABreakInOrder() {
        submit(1);
        when(messages.range(eq(ROOM), eq(1L), anyLong())).thenReturn(List.of(message(2), message(3)));

        sequencer.catchUp(filled -> filled.forEach(message -> delivered.add(message.seq())));
        submit(3);
        submit(4);

        assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aMessageThatArrivedBetweenListeningAndStartingWaitsInTheNewQueueNotLost() {
        // The node listens, the room's newest is read (10), and seq 11 arrives before startAt: it waits behind a gap
        // in a queue that starts where the node started tracking (5).
        when(messages.lastSeqSentBefore(eq(ROOM), any())).thenReturn(5L);
        submit(11);
        assertThat(delivered).isEmpty();

        sequencer.startAt(ROOM, 10, 10, filled -> filled.forEach(message -> delivered.add(message.seq())));

        assertThat(delivered).containsExactly(11L);
        submit(12);
        assertThat(delivered).containsExactly(11L, 12L);
    }

    @Test
    void aMessageDeliveredBetweenListeningAndStartingIsNotReadBackAgain() {
        when(messages.lastSeqSentBefore(eq(ROOM), any())).thenReturn(20L);
        when(messages.range(ROOM, 10, 12)).thenReturn(List.of(message(11)));
        submit(11); // delivered at once: the queue starts just before it

        sequencer.startAt(ROOM, 10, 11, filled -> filled.forEach(message -> delivered.add(message.seq())));

        assertThat(delivered).containsExactly(11L);
        verify(messages, never()).range(eq(ROOM), anyLong(), anyLong());
    }

    @Test
    void aGapBeforeAMessageKeptByStartAtIsFilledForTheMessagesSessions() {
        when(messages.lastSeqSentBefore(eq(ROOM), any())).thenReturn(5L);
        when(messages.isStored(ROOM, 12)).thenReturn(true);
        when(messages.range(ROOM, 10, 12)).thenReturn(List.of(message(11)));
        List<Long> filledByStart = new CopyOnWriteArrayList<>();
        submit(12);

        // A user's first session: nothing to read back for it, and its fill delivers nothing.
        sequencer.startAt(ROOM, 10, 10, filled -> filled.forEach(message -> filledByStart.add(message.seq())));

        await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 2);
        assertThat(delivered).containsExactly(11L, 12L);
        assertThat(filledByStart).isEmpty();
    }

    static MessageView message(long seq) {
        return new MessageView(ROOM, 100 + seq, seq, "alice", "c" + seq, "body", Instant.now(), null, null);
    }
}
