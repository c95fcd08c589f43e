package io.chatplatform.cluster;

import static io.chatplatform.testing.ClusterNode.rest;
import static io.chatplatform.testing.ClusterNode.user;
import static io.chatplatform.testing.WsClient.sendFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatplatform.domain.crowd.CrowdLedger;
import io.chatplatform.testing.Actuator;
import io.chatplatform.testing.ClusterNode;
import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.LocalRedisCluster;
import io.chatplatform.testing.RequiresRedisCluster;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import io.chatplatform.ws.delivery.ClusterProperties;
import io.chatplatform.ws.delivery.Presence;
import io.chatplatform.ws.delivery.redis.RedisConnections;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * {@link ClusterIT}'s two nodes on a real three-master Redis Cluster ({@code redis-cluster://}, started by
 * {@link LocalRedisCluster} unless one is given): cross-node order, presence, membership changes, health and a
 * node's loss with SYNC recovery all hold when each room's and user's channel lives on the shard of its slot and
 * the crowd, presence and rate-limit keys are spread over the shards. Besides: a node hears a room only while one
 * of its members is connected to it, and a member who joins a room while connected to a node where nobody else
 * is a member hears it from then on.
 */
@RequiresRedisCluster
class RedisClusterIT extends ClusterIT {

    static String database;
    static String prefix;

    /** Hides ClusterIT's: the same two nodes, on the Redis Cluster. */
    @BeforeAll
    static void startTwoNodes() {
        database = ExternalPostgres.newSchemaUrl();
        prefix = "chat-it-" + UUID.randomUUID().toString().substring(0, 8);
        nodeA = onCluster("node-a", database, prefix);
        nodeB = onCluster("node-b", database, prefix);
    }

    /** ClusterIT's last test stops node B: the tests here need it back. */
    @BeforeEach
    void nodeBRuns() {
        if (!nodeB.isActive()) {
            nodeB = onCluster("node-b-again", database, prefix);
        }
    }

    static ConfigurableApplicationContext onCluster(String name, String database, String prefix) {
        return ClusterNode.startOn(LocalRedisCluster.url(), name, database, prefix, "--chat.cluster.heartbeat=500ms",
                "--chat.cluster.node-ttl=3s", "--chat.api.rate-limits.login-per-username=4/1h");
    }

    @Test
    @Order(10)
    void aNodeWithNoMemberOfARoomConnectedDoesNotHearIt() {
        String alice = user("alice");
        String carol = user("carol");
        String dave = user("dave");
        long quiet = createRoom(nodeA, alice, carol); // both members on node A only
        long shared = createRoom(nodeA, alice, dave); // dave on node B
        WsClient aliceOnA = chat(nodeA, alice);
        WsClient carolOnA = chat(nodeA, carol);
        WsClient daveOnB = chat(nodeB, dave);
        int messages = 30;

        double heardBefore = heard(nodeB);
        for (int i = 0; i < messages; i++) {
            aliceOnA.send(sendFrame(quiet, "q-" + i, "only for node A " + i));
        }
        for (int i = 0; i < messages; i++) {
            carolOnA.expect("MESSAGE");
        }
        aliceOnA.send(sendFrame(shared, "s-0", "for dave"));
        assertThat(daveOnB.expect("MESSAGE").path("clientMsgId").asString()).isEqualTo("s-0");
        // What node B heard meanwhile: the message for dave and at most a few others (presence, read markers), not
        // the quiet room's messages, which went to a channel node B does not listen to.
        assertThat(heard(nodeB) - heardBefore).as("messages node B heard from Redis").isLessThan(messages / 3.0);

        double sharedBefore = heard(nodeB);
        for (int i = 1; i <= messages; i++) {
            aliceOnA.send(sendFrame(shared, "s-" + i, "for dave " + i));
        }
        for (int i = 1; i <= messages; i++) {
            daveOnB.expect("MESSAGE");
        }
        assertThat(heard(nodeB) - sharedBefore).as("a room with a member on node B is heard there")
                .isGreaterThanOrEqualTo(messages);
    }

    @Test
    @Order(11)
    void aMemberAddedWhileAloneOnANodeHearsTheRoomFromThenOnAndNotAfterRemoval() {
        String alice = user("alice");
        String bob = user("bob");
        long roomId = createRoom(nodeA, alice);
        WsClient aliceOnA = chat(nodeA, alice);
        WsClient bobOnB = chat(nodeB, bob); // the only session on node B of anyone in the room
        aliceOnA.send(sendFrame(roomId, "before", "bob is not a member yet"));
        aliceOnA.expect("ACK");

        assertThat(rest(nodeA).post("/api/rooms/" + roomId + "/members", token(alice), Map.of("userId", bob)).status())
                .isEqualTo(201);
        JsonNode joined = bobOnB.expect("MEMBER_JOINED");
        assertThat(joined.path("userId").asString()).isEqualTo(bob);
        for (int i = 0; i < 5; i++) {
            aliceOnA.send(sendFrame(roomId, "after-" + i, "for bob " + i));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(bobOnB.expect("MESSAGE").path("clientMsgId").asString()).isEqualTo("after-" + i);
        }
        assertThat(bobOnB.received("MEMBER_JOINED")).as("told once").isEmpty();

        assertThat(rest(nodeA).delete("/api/rooms/" + roomId + "/members/" + bob, token(alice)).status())
                .isEqualTo(204);
        assertThat(bobOnB.expect("MEMBER_LEFT").path("userId").asString()).isEqualTo(bob);
        aliceOnA.send(sendFrame(roomId, "gone", "not for bob"));
        aliceOnA.expect("ACK");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> bobOnB.received("MESSAGE").isEmpty());
    }

    @Test
    @Order(12)
    void theCrowdLedgerScriptRunsOnTheShardOfItsHashTagFromEitherNode() {
        CrowdLedger throughA = nodeA.getBean(CrowdLedger.class);
        CrowdLedger throughB = nodeB.getBean(CrowdLedger.class);
        long zone = 990_001;
        throughA.define(List.of(new CrowdLedger.Circle(zone, 10.0, 20.0, 100, 2, 1)));
        long now = System.currentTimeMillis();

        assertThat(throughA.place(user("walker"), 10.0, 20.0, now, List.of(zone)).transitions()).isEmpty();
        CrowdLedger.Result second = throughB.place(user("walker"), 10.0, 20.0, now, List.of(zone));

        assertThat(second.transitions()).singleElement().satisfies(alert -> {
            assertThat(alert.raised()).isTrue();
            assertThat(alert.zoneId()).isEqualTo(zone);
            assertThat(alert.count()).isEqualTo(2);
        });
        assertThat(throughA.count(zone)).isEqualTo(2);
        assertThat(throughB.version()).isEqualTo(throughA.version());
    }

    @Test
    @Order(13)
    void loginAttemptsOnBothNodesDrawFromOneBucketOnTheCluster() {
        String username = user("ghost");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RestApi node = i % 2 == 0 ? rest(nodeA) : rest(nodeB);
            statuses.add(node.post("/api/auth/login", null, Map.of("username", username, "password", "guess " + i))
                    .status());
        }
        // 4 an hour per username on these nodes: the attempts beyond are refused, whichever node they reach.
        assertThat(statuses).containsExactly(401, 401, 401, 401, 429, 429, 429, 429);
    }

    @Test
    @Order(14)
    void theUsersOfANodeThatDiedGoOfflineForTheirContactsOnceItsTtlPassed() {
        String alice = user("alice");
        String bob = user("bob");
        createRoom(nodeA, alice, bob);
        WsClient aliceOnA = chat(nodeA, alice);
        // A third node that had bob's session and then died: it wrote its heartbeat and user set, then nothing.
        RedisClusterCommands<String, String> redis = nodeA.getBean(RedisConnections.class).sync();
        String keys = nodeA.getBean(ClusterProperties.class).keyPrefix() + ":presence:";
        String ghost = "node-c-" + UUID.randomUUID().toString().substring(0, 8);
        redis.sadd(keys + "node:" + ghost, bob);
        redis.zadd(keys + "nodes", (double) System.currentTimeMillis(), ghost);
        assertThat(nodeB.getBean(Presence.class).isOnline(bob)).as("bob while node C's heartbeat is fresh").isTrue();

        JsonNode offline = aliceOnA.expect("PRESENCE"); // within the node TTL (3 s) and a heartbeat or two
        assertThat(offline.path("userId").asString()).isEqualTo(bob);
        assertThat(offline.path("online").asBoolean()).isFalse();
        assertThat(nodeA.getBean(Presence.class).isOnline(bob)).isFalse();
        assertThat(aliceOnA.received("PRESENCE")).as("announced by one node only").isEmpty();
    }

    /**
     * A third node joins the two: one room with a member on each node, all three sending at once, each member
     * receives every message once, in seq order; then the third node stops, its member moves to node A and SYNC
     * gives back what was sent meanwhile.
     */
    @Test
    @Order(15)
    void threeNodesKeepOneOrderAndTheLossOfOneIsRecoveredBySync() {
        ConfigurableApplicationContext nodeC = onCluster("node-c", database, prefix);
        try {
            String alice = user("alice");
            String bob = user("bob");
            String carol = user("carol");
            long roomId = createRoom(nodeA, alice, bob, carol);
            WsClient aliceOnA = chat(nodeA, alice);
            WsClient bobOnB = chat(nodeB, bob);
            WsClient carolOnC = chat(nodeC, carol);

            int perSender = 30;
            CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> sendMany(aliceOnA, roomId, "a", perSender)),
                    CompletableFuture.runAsync(() -> sendMany(bobOnB, roomId, "b", perSender)),
                    CompletableFuture.runAsync(() -> sendMany(carolOnC, roomId, "c", perSender))).join();
            List<Long> all = LongStream.rangeClosed(1, 3L * perSender).boxed().toList();
            assertThat(seqs(aliceOnA, all.size())).containsExactlyElementsOf(all);
            assertThat(seqs(bobOnB, all.size())).containsExactlyElementsOf(all);
            assertThat(seqs(carolOnC, all.size())).containsExactlyElementsOf(all);

            nodeC.close();
            assertThat(carolOnC.awaitCloseCode()).isEqualTo(1001);
            for (int i = 0; i < 5; i++) {
                String clientMsgId = "after-c-" + i;
                bobOnB.send(sendFrame(roomId, clientMsgId, "while carol moves " + i));
                bobOnB.expect(frame -> "ACK".equals(frame.path("type").asString())
                        && clientMsgId.equals(frame.path("clientMsgId").asString()), "the ACK of " + clientMsgId);
            }
            WsClient carolOnA = chat(nodeA, carol);
            carolOnA.send(Map.of("type", "SYNC", "roomId", roomId, "afterSeq", all.size()));
            assertThat(carolOnA.expect("HISTORY").path("messages").valueStream().map(m -> m.path("seq").asLong())
                    .toList()).containsExactlyElementsOf(
                            LongStream.rangeClosed(all.size() + 1, all.size() + 5L).boxed().toList());
        } finally {
            if (nodeC.isActive()) {
                nodeC.close();
            }
        }
    }

    @Test
    @Order(20) // last: the cluster is degraded while it runs
    void aShardMasterKilledMidTrafficLosesNothingAckedAndItsChannelsAreHeardAgainOnceItIsBack() throws Exception {
        assumeTrue(!LocalRedisCluster.shards().isEmpty(), "only on a Redis Cluster these tests started themselves");
        String alice = user("alice");
        String bob = user("bob");
        long roomId = createRoom(nodeA, alice, bob);
        WsClient aliceOnA = chat(nodeA, alice);
        WsClient bobOnB = chat(nodeB, bob);
        aliceOnA.send(sendFrame(roomId, "before", "before the crash"));
        aliceOnA.expect("ACK");
        long lastSeen = bobOnB.expect("MESSAGE").path("seq").asLong();
        int slot = SlotHash.getSlot(prefix + ":room:" + roomId);
        int shard = slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2;

        LocalRedisCluster.kill(shard);
        List<Long> acked = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            aliceOnA.send(sendFrame(roomId, "during-" + i, "while a shard is down " + i));
            acked.add(aliceOnA.expect("ACK").path("seq").asLong()); // stored in PostgreSQL: Redis is not asked
        }
        LocalRedisCluster.restart(shard);

        // Node B's subscription on the restarted master comes back (Lettuce re-subscribes on reconnect): bob hears
        // the room live again, on the socket he kept.
        List<String> probes = new ArrayList<>();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String probe = "after-" + probes.size();
            probes.add(probe);
            aliceOnA.send(sendFrame(roomId, probe, "after the restart"));
            aliceOnA.expect(frame -> "ACK".equals(frame.path("type").asString())
                    && probe.equals(frame.path("clientMsgId").asString()), "the ACK of " + probe);
            return bobOnB.received("MESSAGE").stream()
                    .anyMatch(frame -> probes.contains(frame.path("clientMsgId").asString()));
        });
        // What he missed meanwhile, and every message ACKed while the shard was down, SYNC gives back.
        WsClient bobAgain = chat(nodeB, bob);
        bobAgain.send(Map.of("type", "SYNC", "roomId", roomId, "afterSeq", lastSeen));
        List<Long> synced = bobAgain.expect("HISTORY").path("messages").valueStream()
                .map(m -> m.path("seq").asLong()).toList();
        assertThat(synced).containsAll(acked);
    }

    private static double heard(ConfigurableApplicationContext node) {
        return Actuator.meter(rest(node), "chat.cluster.bus.received");
    }
}
