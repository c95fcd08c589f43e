package io.chatplatform.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.posting.PostResult;
import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link ClientReads} on the application's own pool (embedded H2, Hikari's 10 connections, one writer): its permits
 * come from the pool, clients' reads of history and changes take their turn, and slow client reads that hold
 * connections never take the writer's: a SEND is still stored and ACKed.
 */
@SpringBootTest
class ClientReadsPoolTest {

    static final Actor OWNER = new Actor("client-reads-owner", Role.USER);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Autowired
    ClientReads clientReads;

    @Autowired
    MessageService messages;

    @Autowired
    ChangeFeed changeFeed;

    @Autowired
    RoomService rooms;

    @Autowired
    Posting posting;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void thePermitsComeFromThePool() {
        assertThat(clientReads.permits()).isEqualTo(6);
    }

    /**
     * More slow client reads than the pool has connections, each holding one while it lasts: the reads beyond
     * the permits wait without a connection, so the writer finds one and the SEND is stored and ACKed. Without
     * the bulkhead, ten of them would hold the whole pool and the SEND would end UNAVAILABLE.
     */
    @Test
    void slowClientReadsLeaveTheWriterAConnection() throws Exception {
        Long roomId = rooms.create(OWNER, new CreateRoom("bulkhead", RoomType.GROUP, List.of())).id();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger holdingConnections = new AtomicInteger();
        List<CompletableFuture<Integer>> slowReads = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            slowReads.add(CompletableFuture.supplyAsync(() -> clientReads.run(
                    () -> jdbc.execute((ConnectionCallback<Integer>) connection -> {
                        holdingConnections.incrementAndGet();
                        ClientReadsTest.awaitRelease(release);
                        return 1;
                    })), threads));
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> holdingConnections.get() == clientReads.permits()
                    && clientReads.waiting() == slowReads.size() - clientReads.permits());

            PostResult stored = posting.post(OWNER, roomId, "while-reads-wait", "still stored");

            assertThat(stored.message().seq()).isEqualTo(1);
            assertThat(holdingConnections.get()).isEqualTo(clientReads.permits());
        } finally {
            release.countDown();
        }
        for (CompletableFuture<Integer> read : slowReads) {
            assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    /** A page of history and a page of changes each wait for a turn while every turn is taken. */
    @Test
    void historyAndChangesTakeTheirTurn() throws Exception {
        Long roomId = rooms.create(OWNER, new CreateRoom("turns", RoomType.GROUP, List.of())).id();
        posting.post(OWNER, roomId, "t-1", "one");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(clientReads.permits());
        List<CompletableFuture<String>> holders = new ArrayList<>();
        for (int i = 0; i < clientReads.permits(); i++) {
            holders.add(CompletableFuture.supplyAsync(() -> clientReads.run(() -> {
                inside.countDown();
                ClientReadsTest.awaitRelease(release);
                return "held";
            }), threads));
        }
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<MessagePage> history = CompletableFuture.supplyAsync(
                () -> messages.history(OWNER, roomId, 0L, null, null), threads);
        CompletableFuture<ChangePage> changes = CompletableFuture.supplyAsync(
                () -> changeFeed.since(OWNER, roomId, 0, null), threads);

        await().atMost(Duration.ofSeconds(30)).until(() -> clientReads.waiting() == 2);
        assertThat(history).as("history while every turn is taken").isNotDone();
        assertThat(changes).as("changes while every turn is taken").isNotDone();

        release.countDown();
        assertThat(history.get(30, TimeUnit.SECONDS).messages()).extracting(MessageView::body)
                .containsExactly("one");
        assertThat(changes.get(30, TimeUnit.SECONDS).changes()).hasSize(1);
        for (CompletableFuture<String> holder : holders) {
            assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("held");
        }
    }
}
