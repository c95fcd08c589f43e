package io.chatplatform.cluster;

import static io.chatplatform.testing.ClusterNode.port;
import static io.chatplatform.testing.ClusterNode.user;
import static io.chatplatform.testing.RoomState.liveChanges;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ClusterNode;
import io.chatplatform.testing.ExternalPostgres;
import io.chatplatform.testing.RequiresPostgres;
import io.chatplatform.testing.RequiresRedis;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.RoomState;
import io.chatplatform.testing.WsClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Revs stay gap-free when two nodes change one room at once (the room's row lock in the shared PostgreSQL numbers
 * them), every member on either node hears every change with its rev, and a replay by rev from either node reaches
 * the same state.
 */
@RequiresPostgres
@RequiresRedis
class RoomChangeLogClusterIT {


    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodes() {
        String database = ExternalPostgres.newSchemaUrl();
        String prefix = "chat-it-" + UUID.randomUUID().toString().substring(0, 8);
        nodeA = ClusterNode.start("node-a", database, prefix);
        nodeB = ClusterNode.start("node-b", database, prefix);
    }

    @AfterAll
    static void stopNodes() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void changesMadeOnTwoNodesAtOnceTakeConsecutiveRevsThatEveryMemberHears() {
        String alice = user("alice");
        String bob = user("bob");
        String watcherA = user("watcher-a");
        String watcherB = user("watcher-b");
        JsonNode room = new RestApi(port(nodeA)).post("/api/rooms", token(alice), Map.of("name", "busy",
                "type", "GROUP", "members", List.of(bob, watcherA, watcherB))).json();
        long roomId = room.path("id").asLong();
        WsClient onA = chat(nodeA, watcherA);
        WsClient onB = chat(nodeB, watcherB);
        WsClient aliceOnA = chat(nodeA, alice);
        WsClient bobOnB = chat(nodeB, bob);

        int each = 20;
        CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> postAndEdit(aliceOnA, roomId, "a", each));
        CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> postAndEdit(bobOnB, roomId, "b", each));
        RestApi restOnB = new RestApi(port(nodeB));
        for (int i = 0; i < 5; i++) {
            assertThat(restOnB.patch("/api/rooms/" + roomId, token(alice), Map.of("name", "busy " + i)).status())
                    .isEqualTo(200);
        }
        CompletableFuture.allOf(fromA, fromB).join();

        int changes = 2 * each * 2 + 5;
        List<Long> everyRev = LongStream.rangeClosed(1, changes).boxed().toList();
        List<JsonNode> heardOnA = liveChanges(onA, changes);
        List<JsonNode> heardOnB = liveChanges(onB, changes);
        assertThat(heardOnA).extracting(frame -> frame.path("rev").asLong()).containsExactlyElementsOf(everyRev);
        assertThat(heardOnB).extracting(frame -> frame.path("rev").asLong()).containsExactlyElementsOf(everyRev);

        RoomState stateA = new RoomState(watcherA);
        stateA.applyInOrder(heardOnA);
        RoomState stateB = new RoomState(watcherA);
        stateB.applyInOrder(heardOnB);
        RoomState replayed = new RoomState(watcherA);
        replayed.syncByRev(chat(nodeB, watcherA), roomId, 10);
        assertThat(stateB.snapshot()).isEqualTo(stateA.snapshot());
        assertThat(replayed.snapshot()).isEqualTo(stateA.snapshot());
        JsonNode after = new RestApi(port(nodeB)).get("/api/rooms/" + roomId, token(bob)).json();
        assertThat(after.path("lastRev").asLong()).isEqualTo(changes);
    }

    private static void postAndEdit(WsClient socket, long roomId, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String clientMsgId = prefix + "-" + i;
            socket.send(Map.of("type", "SEND", "roomId", roomId, "clientMsgId", clientMsgId, "body", "m " + i));
            long id = socket.expect(frame -> "ACK".equals(frame.path("type").asString())
                    && clientMsgId.equals(frame.path("clientMsgId").asString()), "ACK " + clientMsgId)
                    .path("messageId").asLong();
            socket.send(Map.of("type", "EDIT", "roomId", roomId, "messageId", id, "body", "edited " + i));
        }
    }

    private static String token(String userId) {
        return ClusterNode.token(nodeA, userId);
    }

    private static WsClient chat(ConfigurableApplicationContext node, String userId) {
        return ClusterNode.chat(node, token(userId));
    }
}
