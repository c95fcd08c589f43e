package io.chatplatform.domain.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.change.ChangeKind;
import io.chatplatform.domain.change.RoomChanged;
import io.chatplatform.domain.common.DatabaseProbe;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.message.MessagePage;
import io.chatplatform.domain.message.MessageProperties;
import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.message.ThreadPage;
import io.chatplatform.domain.message.ThreadRepliers;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserIds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Thread replies as posting stores them, committed one post (or one batch) at a time as behind the socket: the root
 * must be a root of the same room, a reply takes a seq and a rev like any message and its root's new summary the
 * next rev, and the summary stays exact under concurrent replies. Every test uses rooms of its own.
 */
@SpringBootTest
class ThreadRepliesTest {

    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Actor OWNER = new Actor("thread-owner", Role.USER);
    static final Actor ANN = new Actor("thread-ann", Role.USER);
    static final Actor BEN = new Actor("thread-ben", Role.USER);

    @Autowired
    Posting posting;

    @Autowired
    RoomService rooms;

    @Autowired
    MessageService messages;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DatabaseProbe probe;

    @Autowired
    RoomPosting roomPosting;

    @Autowired
    ThreadReplies threadReplies;

    @Autowired
    MessageProperties properties;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    jakarta.persistence.EntityManager entityManager;

    @Autowired
    Clock clock;

    @Autowired
    Announcements announced;

    final List<Long> roomIds = new ArrayList<>();
    ExecutorService pool;
    Long roomId;

    @TestConfiguration(proxyBeanMethods = false)
    static class Recording {

        @Bean
        Announcements announcements() {
            return new Announcements();
        }
    }

    /** What the after-commit listeners hear of each room, in order: "MESSAGE 4", "THREAD_UPDATED 5", ... */
    static class Announcements {

        final Map<Long, List<String>> byRoom = new ConcurrentHashMap<>();

        @TransactionalEventListener(fallbackExecution = true)
        void on(MessagePosted event) {
            add(event.message().roomId(), "MESSAGE " + event.message().rev());
        }

        @TransactionalEventListener(fallbackExecution = true)
        void on(RoomChanged event) {
            add(event.change().roomId(), event.change().kind() + " " + event.change().rev());
        }

        private void add(Long roomId, String what) {
            byRoom.computeIfAbsent(roomId, id -> Collections.synchronizedList(new ArrayList<>())).add(what);
        }

        List<String> of(Long roomId) {
            List<String> heard = byRoom.getOrDefault(roomId, List.of());
            synchronized (heard) {
                return List.copyOf(heard);
            }
        }
    }

    @BeforeEach
    void openRoom() {
        roomId = newRoom();
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void deleteRooms() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        roomIds.forEach(id -> rooms.delete(OWNER, id));
    }

    Long newRoom() {
        Long id = rooms.create(OWNER, new CreateRoom("threads", RoomType.GROUP,
                List.of(ANN.userId(), BEN.userId()))).id();
        roomIds.add(id);
        return id;
    }

    static Post reply(Long roomId, String clientMsgId, Long threadId) {
        return new Post(roomId, clientMsgId, "reply " + clientMsgId, threadId, null);
    }

    @Test
    void aReplyIsNumberedLikeAnyMessageAndItsRootsSummaryTakesTheNextRev() {
        MessageView root = posting.post(OWNER, roomId, "root", "a question").message();

        MessageView answer = posting.post(ANN, reply(roomId, "r1", root.messageId())).message();

        assertThat(answer.threadId()).isEqualTo(root.messageId());
        assertThat(answer.seq()).isEqualTo(2);
        assertThat(answer.rev()).isEqualTo(2);
        assertThat(lastRev(roomId)).isEqualTo(3);
        assertThat(announced.of(roomId)).containsExactly("MESSAGE 1", "MESSAGE 2", "THREAD_UPDATED 3");
        JsonNode change = change(roomId, 3);
        assertThat(change.path("threadId").asLong()).as("as the contract names the root").isEqualTo(root.messageId());
        assertThat(change.path("messageId").asLong()).isEqualTo(root.messageId());
        assertThat(change.path("replyCount").asInt()).isEqualTo(1);
        assertThat(change.path("lastReplyAt").asString()).isEqualTo(answer.sentAt().toString());
        assertThat(change.path("repliers").toString()).isEqualTo("[\"thread-ann\"]");
        MessageView.ThreadSummary summary = rootNow(root).thread();
        assertThat(summary).isEqualTo(new MessageView.ThreadSummary(1, answer.sentAt(), List.of("thread-ann")));
    }

    @Test
    void aReplyNamesARootOfItsOwnRoomOrIsRefusedAndStoresNothing() {
        MessageView root = posting.post(OWNER, roomId, "root", "root").message();
        MessageView inThread = posting.post(ANN, reply(roomId, "in-thread", root.messageId())).message();
        Long otherRoom = newRoom();
        MessageView elsewhere = posting.post(OWNER, otherRoom, "elsewhere", "other room").message();
        long revBefore = lastRev(roomId);

        assertThat(refusal(reply(roomId, "unknown", Long.MAX_VALUE))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(refusal(reply(roomId, "other-room", elsewhere.messageId()))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(refusal(reply(roomId, "reply-to-reply", inThread.messageId()))).isEqualTo(ErrorCode.BAD_REQUEST);

        assertThat(lastRev(roomId)).isEqualTo(revBefore);
        assertThat(jdbc.queryForObject("select count(*) from messages where room_id = ?", Long.class, roomId))
                .isEqualTo(2);
        assertThat(rootNow(root).thread().replyCount()).isEqualTo(1);
        assertThat(rootNow(elsewhere).thread()).isNull();
    }

    @Test
    void aRetriedReplyIsAnsweredAsDuplicateAndCountedOnce() {
        MessageView root = posting.post(OWNER, roomId, "root", "root").message();
        PostResult first = posting.post(ANN, reply(roomId, "once", root.messageId()));

        PostResult retry = posting.post(ANN, reply(roomId, "once", root.messageId()));

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.message()).isEqualTo(first.message());
        assertThat(rootNow(root).thread().replyCount()).isEqualTo(1);
        assertThat(lastRev(roomId)).isEqualTo(3);
    }

    /** A repeat is answered with its original's ACK whatever its threadId, even one that names no root. */
    @Test
    void aRepeatNamingAnotherThreadIsAnsweredWithItsOriginal() {
        MessageView root = posting.post(OWNER, roomId, "root", "root").message();
        MessageView inThread = posting.post(ANN, reply(roomId, "in-thread", root.messageId())).message();
        MessageView plain = posting.post(ANN, roomId, "plain", "not a reply").message();
        long revBefore = lastRev(roomId);

        PostResult toUnknown = posting.post(ANN, reply(roomId, "plain", Long.MAX_VALUE));
        PostResult toAReply = posting.post(ANN, reply(roomId, "plain", inThread.messageId()));
        PostResult replyToNothing = posting.post(ANN, reply(roomId, "in-thread", Long.MAX_VALUE));

        assertThat(List.of(toUnknown, toAReply)).allSatisfy(repeat -> {
            assertThat(repeat.duplicate()).isTrue();
            assertThat(repeat.message()).isEqualTo(plain);
        });
        assertThat(replyToNothing.duplicate()).isTrue();
        assertThat(replyToNothing.message()).isEqualTo(inThread);
        assertThat(lastRev(roomId)).isEqualTo(revBefore);
    }

    /**
     * A summary names three repliers of any valid id, even ids of 128 control characters, each of which JSON writes
     * as six ({@code \u0001}): 2,314 characters for the three, which a column of 1,024 refused with INTERNAL.
     */
    @Test
    void theSummaryNamesRepliersWhoseIdsJsonWritesLongest() {
        List<Actor> repliers = Stream.of('\u0001', '\u0002', '\u0003')
                .map(c -> new Actor(String.valueOf(c).repeat(UserIds.MAX_LENGTH), Role.USER)).toList();
        Long room = rooms.create(OWNER, new CreateRoom("long ids", RoomType.GROUP,
                repliers.stream().map(Actor::userId).toList())).id();
        roomIds.add(room);
        MessageView root = posting.post(OWNER, room, "root", "root").message();

        for (int i = 0; i < repliers.size(); i++) {
            posting.post(repliers.get(i), reply(room, "r" + i, root.messageId()));
        }

        assertThat(rootNow(root).thread().repliers()).containsExactly(repliers.get(2).userId(),
                repliers.get(1).userId(), repliers.get(0).userId());
    }

    /** Deleting a root deletes that message, not the conversation under it. */
    @Test
    void aDeletedRootKeepsItsThreadReadableAndTakesReplies() {
        MessageView root = posting.post(OWNER, roomId, "root", "to be deleted").message();
        posting.post(ANN, reply(roomId, "before", root.messageId()));
        messages.delete(OWNER, roomId, root.messageId());

        MessageView after = posting.post(BEN, reply(roomId, "after", root.messageId())).message();

        ThreadPage thread = messages.thread(ANN, roomId, root.messageId(), null, null);
        assertThat(thread.root().deleted()).isTrue();
        assertThat(thread.root().thread().replyCount()).isEqualTo(2);
        assertThat(thread.root().thread().repliers()).containsExactly("thread-ben", "thread-ann");
        assertThat(thread.replies().messages()).extracting(MessageView::clientMsgId).containsExactly("before",
                "after");
        assertThat(after.rev()).isEqualTo(5); // root 1, reply 2 + summary 3, deletion 4
        assertThat(change(roomId, 6).path("replyCount").asInt()).isEqualTo(2);
    }

    @Test
    void theThreadIsPagedInSeqOrderAndTheMainTimelineLeavesRepliesOut() {
        MessageView root = posting.post(OWNER, roomId, "root", "root").message();
        MessageView other = posting.post(OWNER, roomId, "other-root", "another root").message();
        for (int i = 1; i <= 5; i++) {
            posting.post(i % 2 == 0 ? ANN : BEN, reply(roomId, "t" + i, root.messageId()));
            posting.post(ANN, reply(roomId, "o" + i, other.messageId()));
        }
        posting.post(OWNER, roomId, "main-3", "third on the main timeline");

        ThreadPage first = messages.thread(ANN, roomId, root.messageId(), null, 2);
        ThreadPage second = messages.thread(ANN, roomId, root.messageId(),
                first.replies().messages().get(1).seq(), 10);

        assertThat(first.root().messageId()).isEqualTo(root.messageId());
        assertThat(first.root().thread().replyCount()).isEqualTo(5);
        assertThat(first.replies().hasMore()).isTrue();
        assertThat(Stream.concat(first.replies().messages().stream(), second.replies().messages().stream())
                .map(MessageView::clientMsgId)).containsExactly("t1", "t2", "t3", "t4", "t5");
        assertThat(second.replies().hasMore()).isFalse();
        assertThat(second.replies().messages()).extracting(MessageView::seq).isSorted();

        MessagePage main = messages.history(ANN, roomId, null, null, 2, false);
        assertThat(main.messages()).extracting(MessageView::clientMsgId).containsExactly("other-root", "main-3");
        assertThat(main.hasMore()).isTrue();
        assertThat(messages.history(ANN, roomId, 0L, null, 50, false).messages())
                .extracting(MessageView::clientMsgId).containsExactly("root", "other-root", "main-3");
        assertThat(messages.history(ANN, roomId, 0L, null, 50).messages()).hasSize(13);
    }

    @Test
    void readingAThreadIsRefusedLikeTheRoomToOutsidersAndForRepliesAndUnknownMessages() {
        MessageView root = posting.post(OWNER, roomId, "root", "root").message();
        MessageView answer = posting.post(ANN, reply(roomId, "r", root.messageId())).message();
        Actor outsider = new Actor("thread-outsider", Role.USER);

        assertThat(readRefusal(outsider, roomId, root.messageId())).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(readRefusal(ANN, Long.MAX_VALUE, root.messageId())).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(readRefusal(ANN, roomId, Long.MAX_VALUE)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(readRefusal(ANN, roomId, answer.messageId())).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(catchThrowableOfType(DomainException.class,
                () -> messages.thread(ANN, roomId, root.messageId(), -1L, null)).code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
    }

    /**
     * Replies from eight threads to one root, between posts on the main timeline: every reply is counted once, the
     * summary names the latest repliers, and each THREAD_UPDATED carries the count right after its reply.
     */
    @Test
    void concurrentRepliesKeepAnExactSummaryAndRevsStayGapFree() throws Exception {
        int writers = 8;
        int each = 40;
        List<Actor> actors = IntStream.range(0, writers).mapToObj(w -> new Actor("thread-w" + w, Role.USER)).toList();
        Long crowded = rooms.create(OWNER, new CreateRoom("crowded", RoomType.GROUP,
                actors.stream().map(Actor::userId).toList())).id();
        roomIds.add(crowded);
        MessageView crowdedRoot = posting.post(OWNER, crowded, "root", "root").message();

        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Actor actor = actors.get(w);
            running.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    posting.post(actor, i % 4 == 3 ? new Post(crowded, actor.userId() + "-m" + i, "main", null, null)
                            : reply(crowded, actor.userId() + "-r" + i, crowdedRoot.messageId()));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : running) {
            future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        List<Map<String, Object>> replies = jdbc.queryForList("select sender_id, rev from messages "
                + "where thread_id = ? order by seq", crowdedRoot.messageId());
        int expectedReplies = writers * (each - each / 4);
        assertThat(replies).hasSize(expectedReplies);
        List<String> repliers = List.of();
        for (Map<String, Object> row : replies) {
            repliers = ThreadRepliers.after(repliers, (String) row.get("sender_id"));
        }
        MessageView.ThreadSummary summary = rootNow(crowdedRoot).thread();
        assertThat(summary.replyCount()).isEqualTo(expectedReplies);
        assertThat(summary.repliers()).isEqualTo(repliers);
        for (int n = 0; n < replies.size(); n++) {
            long rev = ((Number) replies.get(n).get("rev")).longValue();
            JsonNode change = change(crowded, rev + 1);
            assertThat(change.path("messageId").asLong()).as("change after reply %d", n + 1)
                    .isEqualTo(crowdedRoot.messageId());
            assertThat(change.path("replyCount").asInt()).as("change after reply %d", n + 1).isEqualTo(n + 1);
        }
        long lastRev = lastRev(crowded);
        List<Long> revs = jdbc.queryForList("select rev from messages where room_id = ? union all "
                + "select rev from room_changes where room_id = ? order by 1", Long.class, crowded, crowded);
        assertThat(revs).isEqualTo(LongStream.rangeClosed(1, lastRev).boxed().toList());
        assertThat(lastRev).isEqualTo(1 + writers * each + expectedReplies);
    }

    /**
     * Two replies to one root and a refused one, queued behind a writer held on another room's lock, are stored in
     * one batch: both count, each with its own THREAD_UPDATED right after it, announced in rev order.
     */
    @Test
    void repliesInOneBatchAllCountAndARefusedOneFailsAlone() throws Exception {
        MessageView root = posting.post(OWNER, roomId, "root", "root").message();
        Long blockerRoom = newRoom();
        MessageProperties oneWriter = new MessageProperties(properties.maxBodyLength(), properties.historyPageLimit(),
                1, properties.writerBatchSize(), Duration.ZERO);
        MessageWriter writer = new MessageWriter(roomPosting, messages, new MessageInserts(jdbc), threadReplies,
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
            await().atMost(TIMEOUT).until(ThreadRepliesTest::aWriterWaitsForARoomLock);

            CompletableFuture<PostResult> fromAnn = node.postAsync(ANN, reply(roomId, "ann", root.messageId()));
            CompletableFuture<PostResult> refused = node.postAsync(ANN, reply(roomId, "bad", Long.MAX_VALUE));
            CompletableFuture<PostResult> fromBen = node.postAsync(BEN, reply(roomId, "ben", root.messageId()));
            release.countDown();
            holder.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            blocked.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            MessageView ann = fromAnn.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).message();
            MessageView ben = fromBen.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).message();
            assertThat(catchThrowableOfType(Exception.class, () -> refused.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .getCause()).isInstanceOfSatisfying(DomainException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(List.of(ann.rev(), ben.rev())).containsExactly(2L, 4L);
            assertThat(announced.of(roomId)).containsExactly("MESSAGE 1", "MESSAGE 2", "THREAD_UPDATED 3",
                    "MESSAGE 4", "THREAD_UPDATED 5");
            assertThat(change(roomId, 3).path("replyCount").asInt()).isEqualTo(1);
            assertThat(change(roomId, 5).path("replyCount").asInt()).isEqualTo(2);
            assertThat(change(roomId, 5).path("repliers").toString()).isEqualTo("[\"thread-ben\",\"thread-ann\"]");
            assertThat(rootNow(root).thread()).isEqualTo(new MessageView.ThreadSummary(2, ben.sentAt(),
                    List.of("thread-ben", "thread-ann")));
            assertThat(lastRev(roomId)).isEqualTo(5);
        } finally {
            release.countDown();
            writer.destroy();
        }
    }

    private ErrorCode refusal(Post post) {
        return catchThrowableOfType(DomainException.class, () -> posting.post(ANN, post)).code();
    }

    private ErrorCode readRefusal(Actor reader, Long roomId, Long messageId) {
        return catchThrowableOfType(DomainException.class,
                () -> messages.thread(reader, roomId, messageId, null, null)).code();
    }

    private MessageView rootNow(MessageView root) {
        return messages.thread(OWNER, root.roomId(), root.messageId(), null, 1).root();
    }

    private long lastRev(Long roomId) {
        return jdbc.queryForObject("select last_rev from rooms where id = ?", Long.class, roomId);
    }

    private JsonNode change(Long roomId, long rev) {
        Map<String, Object> row = jdbc.queryForMap("select kind, payload from room_changes where room_id = ? "
                + "and rev = ?", roomId, rev);
        assertThat(row.get("kind")).isEqualTo(ChangeKind.THREAD_UPDATED.name());
        return JSON.readTree((String) row.get("payload"));
    }

    private static boolean aWriterWaitsForARoomLock() {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack -> java.util.Arrays.stream(stack)
                .anyMatch(frame -> frame.getClassName().equals(RoomPosting.class.getName())
                        && frame.getMethodName().equals("lock")));
    }
}
