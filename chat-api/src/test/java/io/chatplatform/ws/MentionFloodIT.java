package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.notification.NotificationCreated;
import io.chatplatform.domain.room.CreateRoom;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.testing.Actuator;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A sender who names hundreds of members in every message. The notification worker is held at a gate (as if each
 * of its tasks took long: hundreds of inserts), so its queue fills up; the message writer must go on storing and
 * ACKing every room's messages, never running notification work itself, and each message notifies at most
 * {@code chat.notifications.max-mentions} members.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chat.notifications.max-mentions=20", "chat.notifications.queue-capacity=2"})
class MentionFloodIT extends ChatServerTest {

    static final int CROWD = 200;
    static final int MAX_MENTIONS = 20;
    static final int QUEUE_CAPACITY = 2;

    @Autowired
    NotificationGate gate;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RoomService rooms;

    /** Starts every crowd member's id, so that counting their notifications counts only this test's. */
    final String tag = UUID.randomUUID().toString().substring(0, 6);

    @AfterEach
    void openGate() {
        gate.open();
    }

    @Test
    void mentionFloodStallsNoOtherRoomAndNotifiesAtMostTheCapPerMessage() {
        String spammer = uniqueUser("spammer");
        List<String> crowd = IntStream.range(0, CROWD).mapToObj(i -> tag + i).toList();
        // Through the service, not REST: hundreds of memberships can outlast an HTTP timeout on a loaded machine.
        long crowded = rooms.create(new Actor(spammer, Role.USER),
                new CreateRoom("crowd", RoomType.GROUP, crowd)).id();
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long quiet = createRoom(alice, bob);
        // Creating the rooms queued ROOM_ADDED notifications: let the worker finish them before closing the gate.
        await().atMost(Duration.ofSeconds(30)).until(() -> gate.stored("ROOM_ADDED") == CROWD + 1);
        WsClient spam = chat(spammer);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);
        String everyone = crowd.stream().map(id -> "@" + id).collect(Collectors.joining(" "));
        double droppedBefore = Actuator.meter(rest, "chat.notifications.dropped");

        gate.close();
        spam.send(sendFrame(crowded, "spam-0", everyone));
        long firstId = spam.expect("ACK").path("messageId").asLong();
        await().atMost(WsClient.WAIT).until(() -> gate.held() > 0); // the worker is stuck in spam-0's mentions
        int flood = 10;
        for (int i = 1; i <= flood; i++) {
            spam.send(sendFrame(crowded, "spam-" + i, everyone));
        }
        for (int i = 1; i <= 20; i++) {
            aliceSocket.send(sendFrame(quiet, "quiet-" + i, "still here " + i));
        }

        List<Long> ids = new ArrayList<>(List.of(firstId));
        for (int i = 1; i <= flood; i++) {
            ids.add(spam.expect("ACK").path("messageId").asLong());
        }
        for (int i = 1; i <= 20; i++) {
            aliceSocket.expect("ACK");
        }
        await().atMost(WsClient.WAIT).until(() -> bobSocket.received("MESSAGE").size() == 20);
        assertThat(bobSocket.received("MESSAGE").stream().map(m -> m.path("seq").asLong()).toList())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(Actuator.meter(rest, "chat.notifications.dropped"))
                .as("spam-1 and spam-2 wait in the queue; the other %d are dropped", flood - QUEUE_CAPACITY)
                .isEqualTo(droppedBefore + flood - QUEUE_CAPACITY);

        gate.open();
        int notified = (1 + QUEUE_CAPACITY) * MAX_MENTIONS;
        await().atMost(WsClient.WAIT).until(() -> mentions() == notified);
        for (int i = 0; i <= QUEUE_CAPACITY; i++) {
            assertThat(mentionedBy(ids.get(i))).as("mentions of spam-%d", i)
                    .containsExactlyInAnyOrderElementsOf(crowd.subList(0, MAX_MENTIONS));
        }
        assertThat(gate.threads()).as("threads that stored notifications")
                .noneMatch(name -> name.startsWith("message-writer"))
                .contains("notification-worker");
        assertThat(spam.isClosed()).isFalse();
        assertThat(aliceSocket.isClosed()).isFalse();
    }

    private int mentions() {
        return jdbc.queryForObject("select count(*) from notifications where kind = 'MENTION' and user_id like ?",
                Integer.class, tag + "%");
    }

    private List<String> mentionedBy(long messageId) {
        return jdbc.queryForList("select user_id from notifications where kind = 'MENTION' and payload like ?",
                String.class, "%\"messageId\":" + messageId + ",%");
    }

    /**
     * Records which threads store notifications and, while closed, holds whoever stores a MENTION: the test's
     * stand-in for a worker that is slow because every message names hundreds of members.
     */
    static class NotificationGate {

        private final Map<String, AtomicInteger> stored = new ConcurrentHashMap<>();
        private final Set<String> threads = ConcurrentHashMap.newKeySet();
        private final AtomicInteger held = new AtomicInteger();
        private volatile CountDownLatch gate = new CountDownLatch(0);

        @EventListener
        void on(NotificationCreated event) throws InterruptedException {
            threads.add(Thread.currentThread().getName());
            String kind = event.notification().kind();
            stored.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
            CountDownLatch current = gate;
            if ("MENTION".equals(kind) && current.getCount() > 0) {
                held.incrementAndGet();
                current.await(30, TimeUnit.SECONDS);
            }
        }

        void close() {
            gate = new CountDownLatch(1);
        }

        void open() {
            gate.countDown();
        }

        int held() {
            return held.get();
        }

        int stored(String kind) {
            AtomicInteger count = stored.get(kind);
            return count == null ? 0 : count.get();
        }

        Set<String> threads() {
            return Set.copyOf(threads);
        }
    }

    @TestConfiguration
    static class Gated {

        @Bean
        NotificationGate notificationGate() {
            return new NotificationGate();
        }
    }
}
