package io.chatplatform.cluster;

import static io.chatplatform.testing.ClusterNode.rest;
import static io.chatplatform.testing.ClusterNode.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ClusterNode;
import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.ExternalRedis;
import io.chatplatform.testing.RequiresPostgres;
import io.chatplatform.testing.RequiresRedis;
import io.chatplatform.testing.WsClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A node id that comes back after a kill (no clean stop, and back before another node reaped it) finds the users its
 * earlier run listed in Redis: it has no session of theirs, and with its first heartbeat no other node would ever
 * reap them. It announces them itself. Before, they stayed online for good to their contacts.
 */
@RequiresPostgres
@RequiresRedis
class PresenceRestartIT {

    static String database;
    static String prefix;
    static ConfigurableApplicationContext nodeA;

    @BeforeAll
    static void startNodeA() {
        database = ExternalPostgres.newSchemaUrl();
        prefix = "chat-it-" + UUID.randomUUID().toString().substring(0, 8);
        nodeA = start("node-a");
    }

    static ConfigurableApplicationContext start(String name) {
        return ClusterNode.start(name, database, prefix, "--chat.cluster.heartbeat=500ms",
                "--chat.cluster.node-ttl=3s");
    }

    @AfterAll
    static void stopNodeA() {
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void aNodeRestartedUnderItsIdAnnouncesTheUsersItsEarlierRunLeftOnline() {
        String alice = user("alice");
        String ghost = user("ghost");
        long roomId = rest(nodeA).post("/api/rooms", token(alice),
                Map.of("name", "ghosts", "type", "GROUP", "members", List.of(ghost))).json().path("id").asLong();
        String nodeC = "node-c-" + UUID.randomUUID().toString().substring(0, 8);
        RedisClient redis = RedisClient.create(ExternalRedis.url());
        try (StatefulRedisConnection<String, String> connection = redis.connect();
                WsClient aliceOnA = ClusterNode.chat(nodeA, token(alice))) {
            // What a killed node C left: its heartbeat a moment ago, and ghost listed on it.
            connection.sync().zadd(prefix + ":presence:nodes", (double) System.currentTimeMillis(), nodeC);
            connection.sync().sadd(prefix + ":presence:node:" + nodeC, ghost);
            assertThat(onlineIn(roomId, alice)).as("node C's list counts while its heartbeat is fresh").contains(ghost);

            ConfigurableApplicationContext restarted = start(nodeC);
            try {
                aliceOnA.expect(frame -> "PRESENCE".equals(frame.path("type").asString())
                        && ghost.equals(frame.path("userId").asString()) && !frame.path("online").asBoolean(true),
                        "ghost's PRESENCE offline");
                assertThat(onlineIn(roomId, alice)).containsExactly(alice);
            } finally {
                restarted.close();
            }
        } finally {
            redis.shutdown();
        }
    }

    /**
     * A node id that dies, comes back and dies again within a minute (a crash loop under a fixed id, as app1 in
     * the compose file): each death is reaped within about a TTL. The claim on a dead node once named only its id,
     * and held the second death up for four TTLs.
     */
    @Test
    void aNodeIdThatDiesTwiceIsReapedEachTime() {
        String alice = user("alice");
        String first = user("first");
        String second = user("second");
        long roomId = rest(nodeA).post("/api/rooms", token(alice),
                Map.of("name", "crash loop", "type", "GROUP", "members", List.of(first, second))).json().path("id")
                .asLong();
        String nodeD = "node-d-" + UUID.randomUUID().toString().substring(0, 8);
        RedisClient redis = RedisClient.create(ExternalRedis.url());
        try (StatefulRedisConnection<String, String> connection = redis.connect();
                WsClient aliceOnA = ClusterNode.chat(nodeA, token(alice))) {
            for (String ghost : List.of(first, second)) {
                // A run of node D beats, lists its user, and is killed.
                connection.sync().zadd(prefix + ":presence:nodes", (double) System.currentTimeMillis(), nodeD);
                connection.sync().sadd(prefix + ":presence:node:" + nodeD, ghost);
                assertThat(onlineIn(roomId, alice)).as("while D's heartbeat is fresh").contains(ghost);

                await(ghost + " offline about a TTL (3 s) after D's run died").atMost(Duration.ofSeconds(7))
                        .until(() -> aliceOnA.received("PRESENCE").stream().anyMatch(frame ->
                                ghost.equals(frame.path("userId").asString()) && !frame.path("online").asBoolean()));
            }
            assertThat(onlineIn(roomId, alice)).containsExactly(alice);
        } finally {
            redis.shutdown();
        }
    }

    private static List<String> onlineIn(long roomId, String reader) {
        return rest(nodeA).get("/api/rooms/" + roomId + "/presence", token(reader)).json().path("online")
                .valueStream().map(JsonNode::asString).toList();
    }

    private static String token(String userId) {
        return ClusterNode.token(nodeA, userId);
    }
}
