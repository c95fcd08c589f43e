package io.chatplatform.domain.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.common.DatabaseProbe;
import io.chatplatform.domain.message.MessageProperties;
import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.MemberView;
import io.chatplatform.domain.room.MembershipService;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posts from many threads into one room, with no test transaction around them: each post commits on its own, as
 * it does behind the WebSocket endpoint. Every test uses a room of its own and deletes it afterwards.
 */
@SpringBootTest
class MessageSeqConcurrencyTest {

    static final int THREADS = 8;
    static final int POSTS_PER_THREAD = 500;
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final Actor OWNER = new Actor("concurrency-owner", Role.USER);

    @Autowired
    Posting messages;

    @Autowired
    RoomService rooms;

    @Autowired
    MembershipService memberships;

    @Autowired
    MessageService storedMessages;

    @Autowired
    RoomPosting posting;

    @Autowired
    MessageProperties properties;

    @Autowired
    ThreadReplies threads;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    Clock clock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DatabaseProbe probe;

    @Autowired
    jakarta.persistence.EntityManager entityManager;

    @Autowired
    PostedRecorder posted;

    ExecutorService pool;
    Long roomId;

    @TestConfiguration(proxyBeanMethods = false)
    static class Recording {

        @Bean
        PostedRecorder postedRecorder() {
            return new PostedRecorder();
        }
    }

    /** Records the seq of every MessagePosted per room, in the order the after-commit listeners see them. */
    static class PostedRecorder {

        final Map<Long, List<Long>> seqsByRoom = new ConcurrentHashMap<>();

        @TransactionalEventListener(fallbackExecution = true)
        void on(MessagePosted event) {
            seqsByRoom.computeIfAbsent(event.message().roomId(), id -> Collections.synchronizedList(new ArrayList<>()))
                    .add(event.message().seq());
        }

        List<Long> seqsOf(Long roomId) {
            List<Long> seqs = seqsByRoom.getOrDefault(roomId, List.of());
            synchronized (seqs) {
                return List.copyOf(seqs);
            }
        }
    }

    static Actor writer(int n) {
        return new Actor("concurrency-writer-" + n, Role.USER);
    }

    @BeforeEach
    void openRoomAndPool() {
        List<String> writers = IntStream.range(0, THREADS).mapToObj(n -> writer(n).userId()).toList();
        roomId = rooms.create(OWNER, new CreateRoom("concurrency", RoomType.GROUP, writers)).id();
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void deleteRoomAndStopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("writer threads stopped").isTrue();
        rooms.delete(OWNER, roomId);
        assertThat(jdbc.queryForObject("select count(*) from messages where room_id = ?", Long.class, roomId))
                .isZero();
    }

    @Test
    void concurrentWritersGetEverySeqExactlyOnceWithoutGaps() throws Exception {
        long started = System.nanoTime();
        List<List<PostResult>> perWriter = runConcurrently(writer -> {
            List<PostResult> results = new ArrayList<>(POSTS_PER_THREAD);
            for (int i = 0; i < POSTS_PER_THREAD; i++) {
                results.add(messages.post(writer(writer), roomId, "w" + writer + "-" + i, "message " + i));
            }
            return results;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("%d writers x %d posts took %d ms%n", THREADS, POSTS_PER_THREAD, took.toMillis());

        long total = (long) THREADS * POSTS_PER_THREAD;
        List<Long> expected = LongStream.rangeClosed(1, total).boxed().toList();
        List<PostResult> all = perWriter.stream().flatMap(List::stream).toList();

        assertThat(all).hasSize((int) total).noneMatch(PostResult::duplicate);
        assertThat(all.stream().map(r -> r.message().seq()).sorted().toList()).isEqualTo(expected);
        assertThat(all).extracting(r -> r.message().messageId()).doesNotHaveDuplicates();
        assertThat(jdbc.queryForList("select seq from messages where room_id = ? order by seq", Long.class, roomId))
                .isEqualTo(expected);
        assertThat(rooms.get(OWNER, roomId).lastSeq()).isEqualTo(total);
        assertThat(posted.seqsOf(roomId)).as("MessagePosted events in seq order").isEqualTo(expected);

        Map<String, Long> readMarkers = memberships.members(OWNER, roomId).stream()
                .collect(Collectors.toMap(MemberView::userId, MemberView::lastReadSeq));
        for (int writer = 0; writer < THREADS; writer++) {
            List<Long> own = perWriter.get(writer).stream().map(r -> r.message().seq()).toList();
            assertThat(own).as("writer %d sees its own posts in order", writer).isSorted();
            assertThat(readMarkers.get(writer(writer).userId())).as("read marker of writer %d", writer)
                    .isEqualTo(own.get(own.size() - 1));
        }
    }

    @Test
    void retriedClientMsgIdStoresOneMessage() throws Exception {
        Actor sender = writer(0);
        int rounds = 50;

        List<List<PostResult>> perThread = runConcurrently(thread -> {
            List<PostResult> results = new ArrayList<>(rounds);
            for (int round = 0; round < rounds; round++) {
                results.add(messages.post(sender, roomId, "retry-" + round, "body " + round));
            }
            return results;
        });

        for (int round = 0; round < rounds; round++) {
            int r = round;
            List<PostResult> attempts = perThread.stream().map(results -> results.get(r)).toList();
            assertThat(attempts).extracting(PostResult::message).as("round %d", round)
                    .containsOnly(attempts.get(0).message());
            assertThat(attempts).filteredOn(a -> !a.duplicate()).as("round %d", round).hasSize(1);
        }
        assertThat(jdbc.queryForList("select seq from messages where room_id = ? order by seq", Long.class, roomId))
                .isEqualTo(LongStream.rangeClosed(1, rounds).boxed().toList());
        assertThat(posted.seqsOf(roomId)).hasSize(rounds);
    }

    /**
     * Posts queued together are stored together; the writer leaves repeats to the unique constraint, so a repeat
     * among new posts makes the batch fail once and be stored again with look-ups: nothing may be lost, doubled,
     * renumbered or announced twice.
     */
    @Test
    void aRepeatAmongQueuedPostsIsAnsweredAsDuplicateAndTheRestIsStoredGapFree() throws Exception {
        Actor sender = writer(0);
        PostResult original = messages.post(sender, roomId, "early", "first");
        int queued = 100;
        int repeatAt = 50;

        List<CompletableFuture<PostResult>> futures = new ArrayList<>(queued);
        for (int i = 0; i < queued; i++) {
            futures.add(messages.postAsync(sender, roomId, i == repeatAt ? "early" : "late-" + i, "body " + i));
        }
        List<PostResult> results = new ArrayList<>(queued);
        for (CompletableFuture<PostResult> future : futures) {
            results.add(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }

        assertThat(results.get(repeatAt).duplicate()).isTrue();
        assertThat(results.get(repeatAt).message()).isEqualTo(original.message());
        List<PostResult> fresh = new ArrayList<>(results);
        fresh.remove(repeatAt);
        assertThat(fresh).noneMatch(PostResult::duplicate);
        List<Long> expected = LongStream.rangeClosed(1, queued).boxed().toList();
        assertThat(fresh.stream().map(r -> r.message().seq()).toList()).isEqualTo(expected.subList(1, queued));
        assertThat(jdbc.queryForList("select seq from messages where room_id = ? order by seq", Long.class, roomId))
                .isEqualTo(expected);
        assertThat(posted.seqsOf(roomId)).as("one MessagePosted per stored message, in order").isEqualTo(expected);
    }

    /** A writer that lingers for company stores the same: every post, once, gap-free, announced in order. */
    @Test
    void aLingeringWriterStoresEveryPostInOrder() throws Exception {
        MessageProperties lingering = new MessageProperties(properties.maxBodyLength(),
                properties.historyPageLimit(), 1, 16, Duration.ofMillis(20));
        MessageWriter writer = new MessageWriter(posting, storedMessages, new MessageInserts(jdbc), threads,
                probe, publisher, transactionManager, entityManager, clock, lingering);
        try {
            Posting node = new PostingService(writer, lingering);
            List<CompletableFuture<PostResult>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(node.postAsync(writer(i % THREADS), roomId, "linger-" + i, "body " + i));
            }
            List<Long> seqs = new ArrayList<>();
            for (CompletableFuture<PostResult> future : futures) {
                seqs.add(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).message().seq());
            }

            List<Long> expected = LongStream.rangeClosed(1, 40).boxed().toList();
            assertThat(seqs).isEqualTo(expected);
            assertThat(posted.seqsOf(roomId)).isEqualTo(expected);
        } finally {
            writer.destroy();
        }
    }

    /**
     * A second Posting over the same database stands for another node: it shares no writer threads with
     * the first, so only the room's row lock keeps the numbering straight.
     */
    @Test
    void twoNodesSharingTheDatabaseStillNumberWithoutGapsOrRepeats() throws Exception {
        // its own id blocks too, as another node has
        MessageWriter otherWriter = new MessageWriter(posting, storedMessages, new MessageInserts(jdbc), threads,
                probe, publisher, transactionManager, entityManager, clock, properties);
        Posting otherNode = new PostingService(otherWriter, properties);
        int postsPerThread = 250;

        List<List<PostResult>> perWriter = runConcurrently(writer -> {
            Posting node = writer % 2 == 0 ? messages : otherNode;
            List<PostResult> results = new ArrayList<>(postsPerThread);
            for (int i = 0; i < postsPerThread; i++) {
                results.add(node.post(writer(writer), roomId, "n" + writer + "-" + i, "message " + i));
                // every writer also retries one earlier message through the other node
                if (i % 50 == 49) {
                    Posting other = node == messages ? otherNode : messages;
                    PostResult retry = other.post(writer(writer), roomId, "n" + writer + "-" + i, "again");
                    assertThat(retry.duplicate()).isTrue();
                    assertThat(retry.message()).isEqualTo(results.get(i).message());
                }
            }
            return results;
        });

        long total = (long) THREADS * postsPerThread;
        List<Long> expected = LongStream.rangeClosed(1, total).boxed().toList();
        assertThat(perWriter.stream().flatMap(List::stream).map(r -> r.message().seq()).sorted().toList())
                .isEqualTo(expected);
        assertThat(jdbc.queryForList("select seq from messages where room_id = ? order by seq", Long.class, roomId))
                .isEqualTo(expected);
        assertThat(rooms.get(OWNER, roomId).lastSeq()).isEqualTo(total);
    }

    /**
     * Within one batch the writer tells posts apart by (room, sender, clientMsgId). Joined into one string with
     * newlines, sender "a\nb" with "c" and sender "a" with "b\nc" read the same, and the second was answered with
     * the first's message as its "duplicate" and never stored. The first post of a writer of its own is held on a
     * room lock, so that both posts queue up behind it and are stored in the next batch, together.
     */
    @Test
    void twoPostsInOneBatchAreTwoMessagesWhereverTheirIdsHoldANewline() throws Exception {
        Actor ab = new Actor("a\nb", Role.USER);
        Actor a = new Actor("a", Role.USER);
        memberships.addMember(OWNER, roomId, ab.userId(), null);
        memberships.addMember(OWNER, roomId, a.userId(), null);
        Long blockerRoom = rooms.create(OWNER, new CreateRoom("blocker", RoomType.GROUP, List.of())).id();
        MessageProperties oneWriter = new MessageProperties(properties.maxBodyLength(), properties.historyPageLimit(),
                1, properties.writerBatchSize(), Duration.ZERO);
        MessageWriter writer = new MessageWriter(posting, storedMessages, new MessageInserts(jdbc), threads,
                probe, publisher, transactionManager, entityManager, clock, oneWriter);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Posting node = new PostingService(writer, oneWriter);
            Future<?> holder = pool.submit(() -> new TransactionTemplate(transactionManager).executeWithoutResult(
                    status -> {
                        jdbc.queryForList("select id from rooms where id = ? for update", blockerRoom);
                        locked.countDown();
                        try {
                            release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertThat(locked.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            CompletableFuture<PostResult> blocked = node.postAsync(OWNER, blockerRoom, "blocker", "first batch");
            await().atMost(TIMEOUT).until(MessageSeqConcurrencyTest::aWriterWaitsForARoomLock);

            CompletableFuture<PostResult> fromAb = node.postAsync(ab, roomId, "c", "from a\\nb");
            CompletableFuture<PostResult> fromA = node.postAsync(a, roomId, "b\nc", "from a");
            release.countDown();
            holder.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertThat(blocked.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).duplicate()).isFalse();
            PostResult first = fromAb.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            PostResult second = fromA.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(second.duplicate()).as("a's post answered as a duplicate of %s", first.message()).isFalse();
            assertThat(first.duplicate()).isFalse();
            assertThat(second.message().messageId()).isNotEqualTo(first.message().messageId());
            assertThat(jdbc.queryForList("select sender_id from messages where room_id = ? order by seq",
                    String.class, roomId)).containsExactly("a\nb", "a");
        } finally {
            release.countDown();
            writer.destroy();
            rooms.delete(OWNER, blockerRoom);
        }
    }

    private static boolean aWriterWaitsForARoomLock() {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack -> java.util.Arrays.stream(stack)
                .anyMatch(frame -> frame.getClassName().equals(RoomPosting.class.getName())
                        && frame.getMethodName().equals("lock")));
    }

    /**
     * Runs {@code task} on {@link #THREADS} threads at once: all wait at a start gate until every one is ready.
     *
     * @return each thread's result, by thread number
     */
    <T> List<T> runConcurrently(Function<Integer, T> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>(THREADS);
        for (int n = 0; n < THREADS; n++) {
            int threadNumber = n;
            Callable<T> gated = () -> {
                ready.countDown();
                start.await();
                return task.apply(threadNumber);
            };
            futures.add(pool.submit(gated));
        }
        assertThat(ready.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("all threads ready").isTrue();
        start.countDown();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<T> results = new ArrayList<>(THREADS);
        for (Future<T> future : futures) {
            results.add(future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
        }
        return results;
    }
}
