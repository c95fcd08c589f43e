package io.chatplatform.ws;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /ws/notify}: stored notifications replayed until acknowledged, live pushes, and their sources. */
class NotifyWebSocketIT extends ChatServerTest {

    @Test
    void notificationSentWhileOfflineIsDeliveredOnConnectReplayedUntilAcknowledgedAndNeverAfter() {
        String bob = uniqueUser("bob");
        long id = send(bob, "WELCOME", Map.of("hello", "world"));

        WsClient first = notify(tokenFor(bob));
        JsonNode delivered = expectNotification(first, id);
        assertThat(delivered.path("kind").asString()).isEqualTo("WELCOME");
        assertThat(delivered.path("payload").path("hello").asString()).as("payload is JSON, not a string")
                .isEqualTo("world");
        assertThat(delivered.path("createdAt").asString()).isNotBlank();
        first.close();

        WsClient second = notify(tokenFor(bob));
        expectNotification(second, id);
        second.send(frame("type", "ACK", "id", id));
        pingPong(second);
        assertThat(second.received("ERROR")).isEmpty();
        second.close();

        WsClient third = notify(tokenFor(bob));
        pingPong(third);
        assertThat(third.received("NOTIFICATION")).isEmpty();
    }

    @Test
    void liveNotificationReachesEveryOpenNotifySessionOfTheUserOnly() {
        String bob = uniqueUser("bob");
        WsClient phone = notify(tokenFor(bob));
        WsClient laptop = notify(tokenFor(bob));
        WsClient carol = notify(tokenFor(uniqueUser("carol")));

        long id = send(bob, "PING_ME", List.of(1, 2));

        assertThat(expectNotification(phone, id).path("payload").get(1).asInt()).isEqualTo(2);
        expectNotification(laptop, id);
        pingPong(carol);
        assertThat(carol.received("NOTIFICATION")).isEmpty();
    }

    @Test
    void acknowledgingSomeoneElsesOrAnUnknownNotificationIsNotFoundAndTheSocketStaysOpen() {
        String bob = uniqueUser("bob");
        long id = send(bob, "SECRET", Map.of());
        WsClient mallory = notify(tokenFor(uniqueUser("mallory")));

        mallory.send(frame("type", "ACK", "id", id));
        assertThat(mallory.expect("ERROR").path("code").asString()).isEqualTo("NOT_FOUND");
        mallory.send(frame("type", "ACK", "id", Long.MAX_VALUE));
        assertThat(mallory.expect("ERROR").path("code").asString()).isEqualTo("NOT_FOUND");
        mallory.send(frame("type", "ACK", "id", "x"));
        assertThat(mallory.expect("ERROR").path("code").asString()).isEqualTo("BAD_REQUEST");
        pingPong(mallory);

        expectNotification(notify(tokenFor(bob)), id);
    }

    @Test
    void beingAddedToARoomProducesARoomAddedNotification() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        WsClient bobSocket = notify(tokenFor(bob));
        WsClient carolSocket = notify(tokenFor(carol));

        long roomId = createRoom(alice, bob);
        JsonNode created = expectKind(bobSocket, "ROOM_ADDED").path("payload");
        assertThat(created.path("roomId").asLong()).isEqualTo(roomId);
        assertThat(created.path("roomName").asString()).isEqualTo("room of " + alice);
        assertThat(created.path("by").asString()).isEqualTo(alice);

        rest.post("/api/rooms/" + roomId + "/members", tokenFor(alice), Map.of("userId", carol));
        JsonNode joined = expectKind(carolSocket, "ROOM_ADDED").path("payload");
        assertThat(joined.path("roomId").asLong()).isEqualTo(roomId);
        assertThat(joined.path("by").asString()).isEqualTo(alice);
    }

    @Test
    void mentionNotifiesTheMentionedMemberOnly() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice, bob, carol);
        WsClient bobSocket = notify(tokenFor(bob));
        WsClient carolSocket = notify(tokenFor(carol));
        WsClient aliceNotify = notify(tokenFor(alice));
        WsClient aliceChat = chat(alice);

        aliceChat.send(sendFrame(roomId, "m1", "hey @" + bob + ", and @" + alice + " and @nobody"));
        long messageId = aliceChat.expect("ACK").path("messageId").asLong();

        JsonNode mention = expectKind(bobSocket, "MENTION").path("payload");
        assertThat(mention.path("roomId").asLong()).isEqualTo(roomId);
        assertThat(mention.path("messageId").asLong()).isEqualTo(messageId);
        assertThat(mention.path("seq").asLong()).isEqualTo(1);
        assertThat(mention.path("from").asString()).isEqualTo(alice);
        assertThat(mention.path("excerpt").asString()).startsWith("hey @" + bob);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() ->
                carolSocket.received("NOTIFICATION").stream().noneMatch(kind("MENTION")::test)
                        && aliceNotify.received("NOTIFICATION").isEmpty());
    }

    /**
     * A deleted message is forgotten, its text and attributes; so is the excerpt its mentions quoted, those of a
     * member removed since included.
     */
    @Test
    void aDeletedMessagesMentionForgetsWhatItQuoted() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice, bob, carol);
        WsClient bobSocket = notify(tokenFor(bob));
        WsClient carolSocket = notify(tokenFor(carol));
        WsClient aliceChat = chat(alice);
        aliceChat.send(sendFrame(roomId, "oops", "@" + bob + " @" + carol + " the door code is zebra-plum-4711"));
        long messageId = aliceChat.expect("ACK").path("messageId").asLong();
        expectKind(bobSocket, "MENTION");
        expectKind(carolSocket, "MENTION");
        assertThat(rest.delete("/api/rooms/" + roomId + "/members/" + carol, tokenFor(alice)).status())
                .isEqualTo(204);

        aliceChat.send("{\"type\":\"DELETE\",\"roomId\":" + roomId + ",\"messageId\":" + messageId + "}");
        aliceChat.expect("MESSAGE_DELETED");

        for (String mentioned : List.of(bob, carol)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode mention = rest.get("/api/notifications", tokenFor(mentioned)).json().valueStream()
                        .filter(stored -> "MENTION".equals(stored.path("kind").asString())).findFirst().orElseThrow();
                assertThat(mention.path("payload").path("messageId").asLong()).isEqualTo(messageId);
                assertThat(mention.path("payload").path("deleted").asBoolean()).as(mentioned).isTrue();
                assertThat(mention.path("payload").path("excerpt").asString()).isEmpty();
            });
            assertThat(rest.get("/api/notifications", tokenFor(mentioned)).body()).doesNotContain("zebra-plum");
        }
    }

    @Test
    void directMessageNotifiesTheOtherUserOnlyWhileTheyHaveNoChatSession() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = rest.post("/api/rooms/direct", tokenFor(alice), Map.of("userId", bob)).json().path("id").asLong();
        WsClient bobNotify = notify(tokenFor(bob));
        WsClient aliceChat = chat(alice);

        aliceChat.send(sendFrame(roomId, "dm1", "are you there?"));
        JsonNode direct = expectKind(bobNotify, "DIRECT_MESSAGE").path("payload");
        assertThat(direct.path("roomId").asLong()).isEqualTo(roomId);
        assertThat(direct.path("from").asString()).isEqualTo(alice);
        assertThat(direct.path("excerpt").asString()).isEqualTo("are you there?");

        chat(bob);
        aliceChat.send(sendFrame(roomId, "dm2", "there you are"));
        aliceChat.expect("ACK");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> bobNotify.received("NOTIFICATION").stream().noneMatch(kind("DIRECT_MESSAGE")));
    }

    @Test
    void announcementReachesOpenChatAndNotifySessions() {
        String bob = uniqueUser("bob");
        WsClient chatSocket = chat(bob);
        WsClient notifySocket = notify(tokenFor(bob));
        String body = "maintenance at noon " + UUID.randomUUID();

        RestApi.Response response = rest.post("/api/announcements", adminTokenFor(uniqueUser("admin")),
                Map.of("body", body));

        assertThat(response.status()).isEqualTo(202);
        for (WsClient socket : List.of(chatSocket, notifySocket)) {
            JsonNode announcement = socket.expect(frame -> "ANNOUNCEMENT".equals(frame.path("type").asString())
                    && body.equals(frame.path("body").asString()), "the announcement");
            assertThat(announcement.path("createdAt").asString()).isNotBlank();
        }
        assertProblem(rest.post("/api/announcements", tokenFor(bob), Map.of("body", "me too")), 403, "FORBIDDEN");
    }

    private long send(String userId, String kind, Object payload) {
        RestApi.Response response = rest.post("/api/notifications", adminTokenFor(uniqueUser("admin")),
                Map.of("userIds", List.of(userId), "kind", kind, "payload", payload));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json().get(0).path("id").asLong();
    }

    private WsClient notify(String token) {
        WsClient client = track(WsClient.connect(wsUri("/ws/notify"), Map.of("Authorization", "Bearer " + token)));
        client.expect("READY");
        return client;
    }

    /** Every frame the server sent before PONG has arrived once PONG has. */
    private static void pingPong(WsClient socket) {
        socket.send(frame("type", "PING"));
        socket.expect("PONG");
    }

    private static Predicate<JsonNode> kind(String kind) {
        return frame -> "NOTIFICATION".equals(frame.path("type").asString())
                && kind.equals(frame.path("kind").asString());
    }

    private static JsonNode expectKind(WsClient socket, String kind) {
        return socket.expect(kind(kind), "a " + kind + " NOTIFICATION");
    }

    private static JsonNode expectNotification(WsClient socket, long id) {
        return socket.expect(frame -> "NOTIFICATION".equals(frame.path("type").asString())
                && frame.path("id").asLong() == id, "NOTIFICATION " + id);
    }
}
