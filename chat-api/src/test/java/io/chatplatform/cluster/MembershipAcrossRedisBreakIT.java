package io.chatplatform.cluster;

import static io.chatplatform.testing.ClusterNode.rest;
import static io.chatplatform.testing.ClusterNode.user;
import static io.chatplatform.testing.WsClient.sendFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ClusterNode;
import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.ExternalRedis;
import io.chatplatform.testing.FaultProxy;
import io.chatplatform.testing.RequiresPostgres;
import io.chatplatform.testing.RequiresRedis;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node cut off from Redis misses what the other nodes publish meanwhile: messages, and the membership changes
 * before them. Once it is back it reads the messages from the database; they must go to the room's members as they
 * are now, not as the node last cached them. Node B reaches Redis through a {@link FaultProxy}, node A directly, so
 * only B has the break.
 */
@RequiresPostgres
@RequiresRedis
class MembershipAcrossRedisBreakIT {

    static FaultProxy redisOfB;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() {
        String database = ExternalPostgres.newSchemaUrl();
        String prefix = "chat-break-" + UUID.randomUUID().toString().substring(0, 8);
        redisOfB = FaultProxy.forRedisUrl(ExternalRedis.url());
        nodeA = ClusterNode.start("node-a", database, prefix, "--chat.cluster.heartbeat=500ms",
                "--chat.cluster.node-ttl=3s");
        nodeB = ClusterNode.startOn(redisOfB.redisUrl(ExternalRedis.url()), "node-b", database, prefix,
                "--chat.cluster.heartbeat=500ms", "--chat.cluster.node-ttl=3s");
    }

    @AfterAll
    static void stopNodes() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {nodeB, nodeA}) {
            if (node != null && node.isActive()) {
                node.close();
            }
        }
        if (redisOfB != null) {
            redisOfB.close();
        }
    }

    @AfterEach
    void restoreAndClose() {
        redisOfB.restore();
        clients.forEach(WsClient::close);
    }

    @Test
    void aMemberRemovedWhileTheirNodeWasCutOffGetsNoneOfWhatItCatchesUpAfterwards() {
        String alice = user("alice");
        String bob = user("bob");
        String carol = user("carol");
        RestApi.Response created = rest(nodeA).post("/api/rooms", token(alice),
                Map.of("name", "break room", "type", "GROUP", "members", List.of(bob, carol)));
        assertThat(created.status()).isEqualTo(201);
        long roomId = created.json().path("id").asLong();
        WsClient aliceOnA = chat(nodeA, alice);
        WsClient bobOnB = chat(nodeB, bob);
        WsClient carolOnB = chat(nodeB, carol);
        aliceOnA.send(sendFrame(roomId, "warm-up", "node B now caches the members: alice, bob and carol"));
        assertThat(bobOnB.expect("MESSAGE").path("clientMsgId").asString()).isEqualTo("warm-up");
        assertThat(carolOnB.expect("MESSAGE").path("clientMsgId").asString()).isEqualTo("warm-up");

        redisOfB.outage();
        assertThat(rest(nodeA).delete("/api/rooms/" + roomId + "/members/" + bob, token(alice)).status())
                .isEqualTo(204);
        aliceOnA.send(sendFrame(roomId, "after-removal", "posted while node B was cut off, not for bob"));
        aliceOnA.expect(frame -> "ACK".equals(frame.path("type").asString())
                && "after-removal".equals(frame.path("clientMsgId").asString()), "alice's ACK");
        redisOfB.restore();

        // Node B reconnects, re-subscribes and catches up from the database: longer than a frame usually takes.
        await().atMost(Duration.ofSeconds(30)).until(() -> carolOnB.received("MESSAGE").stream()
                .anyMatch(frame -> "after-removal".equals(frame.path("clientMsgId").asString())));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> bobOnB.received("MESSAGE").stream()
                        .noneMatch(frame -> "after-removal".equals(frame.path("clientMsgId").asString())));
    }

    WsClient chat(ConfigurableApplicationContext node, String userId) {
        WsClient client = ClusterNode.chat(node, token(userId));
        clients.add(client);
        return client;
    }

    static String token(String userId) {
        return ClusterNode.token(nodeA, userId);
    }
}
