package io.chatplatform.domain.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * One user on two devices: READ frames from both, and posts from one while the other reads, each call committing
 * on its own as behind the endpoints. Whatever the interleaving, a read marker only moves forward.
 */
@SpringBootTest
class ReadMarkerRaceTest {

    static final int ROUNDS = 100;
    static final Actor OWNER = new Actor("marker-owner", Role.USER);
    static final Actor READER = new Actor("marker-reader", Role.USER);

    @Autowired
    RoomService rooms;

    @Autowired
    Posting messages;

    @Autowired
    MembershipService memberships;

    @Autowired
    ReadMarkerService readMarkers;

    ExecutorService pool;
    Long roomId;

    @BeforeEach
    void openRoom() {
        roomId = rooms.create(OWNER, new CreateRoom("markers", RoomType.GROUP, List.of(READER.userId()))).id();
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void deleteRoom() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        rooms.delete(OWNER, roomId);
    }

    @Test
    void twoDevicesReadingAtOnceLeaveTheFurtherMarker() throws Exception {
        for (int i = 1; i <= 2 * ROUNDS; i++) {
            messages.post(OWNER, roomId, "m" + i, "message " + i);
        }
        for (int round = 0; round < ROUNDS; round++) {
            long further = 2L * round + 2;
            long nearer = further - 1;
            List<Long> answers = runTogether(
                    () -> readMarkers.markRead(READER, roomId, further),
                    () -> readMarkers.markRead(READER, roomId, nearer));

            assertThat(markerOf(READER)).as("round %d: marker after READ %d and READ %d", round, further, nearer)
                    .isEqualTo(further);
            assertThat(answers.get(0)).as("round %d: the further READ's answer", round).isEqualTo(further);
            assertThat(answers.get(1)).as("round %d: the nearer READ's answer", round).isGreaterThanOrEqualTo(nearer);
        }
    }

    @Test
    void aReadFromOneDeviceDoesNotUndoTheMarkerMovedByAPostFromAnother() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            long othersLast = messages.post(OWNER, roomId, "o" + round, "from the owner").message().seq();
            int r = round;
            List<Long> outcome = runTogether(
                    () -> messages.post(READER, roomId, "r" + r, "from the reader").message().seq(),
                    () -> readMarkers.markRead(READER, roomId, othersLast));
            long ownSeq = outcome.get(0);

            assertThat(markerOf(READER)).as("round %d: marker after posting %d while reading up to %d", round,
                    ownSeq, othersLast).isEqualTo(ownSeq);
        }
    }

    @Test
    void aReadBehindTheMarkerChangesNothing() {
        for (int i = 1; i <= 5; i++) {
            messages.post(OWNER, roomId, "b" + i, "message " + i);
        }
        assertThat(readMarkers.markRead(READER, roomId, 4)).isEqualTo(4);
        assertThat(readMarkers.markRead(READER, roomId, 2)).isEqualTo(4);
        assertThat(readMarkers.markRead(READER, roomId, 99)).as("capped at the newest message").isEqualTo(5);
        assertThat(markerOf(READER)).isEqualTo(5);
    }

    private long markerOf(Actor actor) {
        return memberships.members(OWNER, roomId).stream().filter(member -> member.userId().equals(actor.userId()))
                .findFirst().orElseThrow().lastReadSeq();
    }

    /** Runs both calls on threads of their own, released at once; returns their answers in order. */
    @SafeVarargs
    private List<Long> runTogether(Callable<Long>... calls) throws Exception {
        CountDownLatch ready = new CountDownLatch(calls.length);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> futures = new ArrayList<>();
        for (Callable<Long> call : calls) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                return call.call();
            }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        start.countDown();
        List<Long> answers = new ArrayList<>();
        for (Future<Long> future : futures) {
            answers.add(future.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }
}
