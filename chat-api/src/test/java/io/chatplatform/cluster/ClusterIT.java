package io.chatplatform.cluster;

import static io.chatplatform.testing.ClusterNode.port;
import static io.chatplatform.testing.ClusterNode.rest;
import static io.chatplatform.testing.ClusterNode.user;
import static io.chatplatform.testing.WsClient.sendFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ClusterNode;
import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import io.chatplatform.testing.RequiresRedis;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes in one test run, as behind a load balancer: one PostgreSQL schema and one Redis key prefix shared,
 * each node on its own random port. What is sent through one node reaches members connected to the other.
 */
@RequiresPostgres
@RequiresRedis
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() {
        String database = ExternalPostgres.newSchemaUrl();
        String prefix = "chat-it-" + UUID.randomUUID().toString().substring(0, 8);
        nodeA = start("node-a", database, prefix);
        nodeB = start("node-b", database, prefix);
    }

    static ConfigurableApplicationContext start(String name, String database, String prefix) {
        return ClusterNode.start(name, database, prefix, "--chat.cluster.heartbeat=500ms",
                "--chat.cluster.node-ttl=3s");
    }

    @AfterAll
    static void stopNodes() {
        if (nodeB != null && nodeB.isActive()) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
    }

    @Test
    @Order(1)
    void memberOnNodeBReceivesWhatMembersOnBothNodesSendInSeqOrder() {
        String alice = user("alice");
        String bob = user("bob");
        String carol = user("carol");
        long roomId = createRoom(nodeA, alice, bob, carol);
        WsClient aliceOnA = chat(nodeA, alice);
        WsClient carolOnB = chat(nodeB, carol);
        WsClient bobOnB = chat(nodeB, bob);
        WsClient watcherOnA = chat(nodeA, alice);

        int perSender = 40;
        CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> sendMany(aliceOnA, roomId, "a", perSender));
        CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> sendMany(carolOnB, roomId, "c", perSender));
        CompletableFuture.allOf(fromA, fromB).join();

        List<Long> expected = LongStream.rangeClosed(1, 2L * perSender).boxed().toList();
        assertThat(seqs(bobOnB, 2 * perSender)).containsExactlyElementsOf(expected);
        assertThat(seqs(watcherOnA, 2 * perSender)).containsExactlyElementsOf(expected);
    }

    @Test
    @Order(2)
    void presenceCrossesNodes() {
        String alice = user("alice");
        String bob = user("bob");
        long roomId = createRoom(nodeA, alice, bob);
        WsClient aliceOnA = chat(nodeA, alice);

        WsClient bobOnB = chat(nodeB, bob);

        JsonNode online = aliceOnA.expect("PRESENCE");
        assertThat(online.path("userId").asString()).isEqualTo(bob);
        assertThat(online.path("online").asBoolean()).isTrue();
        assertThat(rest(nodeA).get("/api/rooms/" + roomId + "/presence", token(alice)).json().path("online")
                .valueStream().map(JsonNode::asString).toList()).containsExactlyInAnyOrder(alice, bob);
        bobOnB.close();
        JsonNode offline = aliceOnA.expect("PRESENCE");
        assertThat(offline.path("online").asBoolean()).isFalse();
        await().atMost(WsClient.WAIT).until(() -> rest(nodeA).get("/api/rooms/" + roomId + "/presence", token(alice))
                .json().path("online").size() == 1);
    }

    @Test
    @Order(3)
    void membershipChangesCrossNodesAndARemovedMemberHearsNothingMore() {
        String alice = user("alice");
        String bob = user("bob");
        String carol = user("carol");
        long roomId = createRoom(nodeA, alice, carol);
        WsClient aliceOnA = chat(nodeA, alice);
        WsClient carolOnB = chat(nodeB, carol);
        WsClient bobOnB = chat(nodeB, bob);
        aliceOnA.send(sendFrame(roomId, "warm-up", "node B now caches the members: alice and carol"));
        carolOnB.expect("MESSAGE");

        assertThat(rest(nodeA).post("/api/rooms/" + roomId + "/members", token(alice), Map.of("userId", bob)).status())
                .isEqualTo(201);
        assertThat(bobOnB.expect("MEMBER_JOINED").path("userId").asString()).isEqualTo(bob);
        aliceOnA.send(Map.of("type", "TYPING", "roomId", roomId));
        assertThat(bobOnB.expect("TYPING").path("userId").asString()).isEqualTo(alice);
        aliceOnA.send(sendFrame(roomId, "hello-bob", "welcome"));
        assertThat(bobOnB.expect("MESSAGE").path("clientMsgId").asString()).isEqualTo("hello-bob");

        assertThat(rest(nodeA).delete("/api/rooms/" + roomId + "/members/" + bob, token(alice)).status()).isEqualTo(204);
        aliceOnA.send(sendFrame(roomId, "after-removal", "not for bob"));
        aliceOnA.expect(frame -> "after-removal".equals(frame.path("clientMsgId").asString())
                && "MESSAGE".equals(frame.path("type").asString()), "alice's own MESSAGE");

        assertThat(bobOnB.expect("MEMBER_LEFT").path("userId").asString()).isEqualTo(bob);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> bobOnB.received("MESSAGE").isEmpty());
    }

    /**
     * A member added while connected only to the other node is owed every message posted after the join committed.
     * Their node starts listening to the room when it hears of the join, which can be after some of those messages:
     * it reads them back from the room's last seq at the join's commit, not from the last seq when the join reached it.
     */
    @Test
    @Order(4)
    void aMemberAddedOnTheOtherNodeGetsEveryMessagePostedAfterTheJoin() {
        for (int round = 0; round < 4; round++) {
            String alice = user("alice");
            String bob = user("bob");
            long roomId = createRoom(nodeA, alice);
            WsClient aliceOnA = chat(nodeA, alice);
            WsClient bobOnB = chat(nodeB, bob); // nobody else of the room on node B: B does not hear it yet
            String prefix = "r" + round;
            AtomicBoolean added = new AtomicBoolean();
            // A stream of posts, one every 2 ms, that the join lands in the middle of: it goes on until the join is
            // answered, then for 50 more, however slow the machine.
            CompletableFuture<Integer> streaming = CompletableFuture.supplyAsync(() -> {
                int sent = 0;
                for (int after = 0; after < 50 && sent < 5_000; sent++) {
                    aliceOnA.send(sendFrame(roomId, prefix + "-" + sent, "message " + sent));
                    LockSupport.parkNanos(Duration.ofMillis(2).toNanos()); // the pace of the stream
                    if (added.get()) {
                        after++;
                    }
                }
                return sent;
            });
            aliceOnA.expect(frame -> (prefix + "-20").equals(frame.path("clientMsgId").asString())
                    && "ACK".equals(frame.path("type").asString()), "the ACK of the 21st message");

            assertThat(rest(nodeA).post("/api/rooms/" + roomId + "/members", token(alice), Map.of("userId", bob))
                    .status()).isEqualTo(201);
            added.set(true);
            long joinedAt = bobOnB.expect("MEMBER_JOINED").path("rev").asLong();
            int messages = streaming.join();
            aliceOnA.expect(frame -> (prefix + "-" + (messages - 1)).equals(frame.path("clientMsgId").asString())
                    && "ACK".equals(frame.path("type").asString()), "the ACK of the last message");
            List<Long> owed = new ArrayList<>();
            // The newest 200 messages: the join came at most 50 messages before the last, plus what the loop's
            // check of the flag let through.
            rest(nodeA).get("/api/rooms/" + roomId + "/messages?limit=200", token(alice)).json().path("messages")
                    .forEach(message -> {
                        if (message.path("rev").asLong() > joinedAt) {
                            owed.add(message.path("seq").asLong());
                        }
                    });
            assertThat(owed).as("messages posted after the join").isNotEmpty();
            int r = round;
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bobOnB.received("MESSAGE"))
                    .as("round %d: the messages after the join at rev %d", r, joinedAt)
                    .extracting(message -> message.path("seq").asLong()).containsExactlyElementsOf(owed));
        }
    }

    @Test
    @Order(4)
    void healthIncludesRedisInClusterMode() {
        JsonNode health = rest(nodeA).get("/actuator/health", null).json();

        assertThat(health.path("components").path("redis").path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
    }

    /**
     * Node B stops cleanly: its clients reconnect to node A and SYNC what was posted meanwhile. A user of node B's who
     * does not come back is announced offline once node B's entry is older than the TTL: a clean stop leaves its
     * keys to be reaped rather than deleting them (which left such a user shown online for good).
     */
    @Test
    @Order(5)
    void stoppingNodeBAndReconnectingItsClientsToNodeALosesNothing() {
        String alice = user("alice");
        String bob = user("bob");
        String carol = user("carol");
        long roomId = createRoom(nodeA, alice, bob, carol);
        WsClient aliceOnA = chat(nodeA, alice);
        WsClient carolOnB = chat(nodeB, carol); // she does not come back
        assertThat(aliceOnA.expect("PRESENCE").path("userId").asString()).isEqualTo(carol);
        WsClient bobOnB = chat(nodeB, bob);
        aliceOnA.send(sendFrame(roomId, "m-0", "before the outage"));
        aliceOnA.expect("ACK");
        long lastSeen = bobOnB.expect("MESSAGE").path("seq").asLong();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(nodeB::close);
        assertThat(bobOnB.awaitCloseCode()).isEqualTo(1001);
        for (int i = 1; i <= 10; i++) {
            aliceOnA.send(sendFrame(roomId, "m-" + i, "while bob moves " + i));
            aliceOnA.expect("ACK");
        }
        stopping.join();

        WsClient bobOnA = chat(nodeA, bob);
        bobOnA.send(Map.of("type", "SYNC", "roomId", roomId, "afterSeq", lastSeen));
        JsonNode history = bobOnA.expect("HISTORY");
        assertThat(history.path("messages").valueStream().map(m -> m.path("seq").asLong()).toList())
                .containsExactlyElementsOf(LongStream.rangeClosed(lastSeen + 1, lastSeen + 10).boxed().toList());
        assertThat(history.path("hasMore").asBoolean()).isFalse();
        assertThat(carolOnB.awaitCloseCode()).isEqualTo(1001);
        JsonNode carolOffline = aliceOnA.expect(frame -> "PRESENCE".equals(frame.path("type").asString())
                && carol.equals(frame.path("userId").asString()), "carol's PRESENCE after node B's TTL");
        assertThat(carolOffline.path("online").asBoolean()).isFalse();
        assertThat(aliceOnA.received("PRESENCE")).as("bob, back on node A, was never announced offline")
                .noneMatch(frame -> bob.equals(frame.path("userId").asString())
                        && !frame.path("online").asBoolean());
    }

    WsClient chat(ConfigurableApplicationContext node, String userId) {
        WsClient client = ClusterNode.chat(node, token(userId));
        clients.add(client);
        return client;
    }

    static long createRoom(ConfigurableApplicationContext node, String owner, String... members) {
        RestApi.Response created = rest(node).post("/api/rooms", token(owner),
                Map.of("name", "cluster room", "type", "GROUP", "members", List.of(members)));
        assertThat(created.status()).isEqualTo(201);
        return created.json().path("id").asLong();
    }

    static void sendMany(WsClient socket, long roomId, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            socket.send(sendFrame(roomId, prefix + "-" + i, "message " + i));
        }
    }

    static List<Long> seqs(WsClient socket, int count) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seqs.add(socket.expect("MESSAGE").path("seq").asLong());
        }
        return seqs;
    }


    static String token(String userId) {
        return ClusterNode.token(nodeA, userId);
    }
}
