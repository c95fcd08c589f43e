package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /ws/chat} against the real server on a random port, with real WebSocket clients. */
class ChatWebSocketIT extends ChatServerTest {

    @Test
    void twoMembersAndTheSendersOtherSessionReceiveAMessageFromAThird() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice, bob, carol);
        WsClient aliceSocket = chat(alice);
        WsClient aliceSecondTab = chat(alice);
        WsClient bobSocket = chat(bob);
        WsClient carolSocket = chat(carol);

        aliceSocket.send(sendFrame(roomId, "m-1", "hello room"));

        JsonNode ack = aliceSocket.expect("ACK");
        assertThat(ack.path("clientMsgId").asString()).isEqualTo("m-1");
        assertThat(ack.path("seq").asLong()).isEqualTo(1);
        for (WsClient receiver : new WsClient[] {aliceSocket, aliceSecondTab, bobSocket, carolSocket}) {
            JsonNode message = receiver.expect("MESSAGE");
            assertThat(message.path("roomId").asLong()).isEqualTo(roomId);
            assertThat(message.path("body").asString()).isEqualTo("hello room");
            assertThat(message.path("senderId").asString()).isEqualTo(alice);
            assertThat(message.path("seq").asLong()).isEqualTo(1);
            assertThat(message.path("messageId").asLong()).isEqualTo(ack.path("messageId").asLong());
        }
    }

    @Test
    void nonMemberIsRefusedAndNothingIsDelivered() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String mallory = uniqueUser("mallory");
        long roomId = createRoom(alice, bob);
        WsClient bobSocket = chat(bob);
        WsClient mallorySocket = chat(mallory);

        mallorySocket.send(sendFrame(roomId, "evil-1", "let me in"));

        JsonNode error = mallorySocket.expect("ERROR");
        assertThat(error.path("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(error.path("ref").asString()).isEqualTo("evil-1");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> bobSocket.received("MESSAGE").isEmpty());
    }

    @Test
    void badTokenIsRefusedAtTheHandshake() {
        assertThat(WsClient.refusedStatus(wsUri("/ws/chat"), Map.of("Authorization", "Bearer not-a-jwt")))
                .contains(401);
        assertThat(WsClient.refusedStatus(wsUri("/ws/chat?access_token=not-a-jwt"), Map.of())).contains(401);
    }

    @Test
    void accessTokenQueryParameterAuthenticates() {
        String alice = uniqueUser("alice");
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat?access_token=" + tokenFor(alice)), Map.of()));

        assertThat(socket.expect("READY").path("userId").asString()).isEqualTo(alice);
    }

    @Test
    void initFrameAuthenticatesAPendingSession() {
        String alice = uniqueUser("alice");
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));

        socket.send(frame("type", "INIT", "token", tokenFor(alice), "device", "test-suite"));

        JsonNode ready = socket.expect("READY");
        assertThat(ready.path("userId").asString()).isEqualTo(alice);
        assertThat(ready.path("sessionId").asString()).isNotBlank();
        socket.send(frame("type", "PING"));
        socket.expect("PONG");
    }

    @Test
    void pendingSessionWithoutInitIsClosedWith4401() {
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));

        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
    }

    @Test
    void initWithBadTokenClosesWith4401() {
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));

        socket.send(frame("type", "INIT", "token", "forged"));

        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
    }

    @Test
    void otherFrameBeforeInitClosesWith4401() {
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));

        socket.send(frame("type", "SEND", "roomId", 1, "clientMsgId", "x", "body", "sneaky"));

        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
    }

    @Test
    void malformedFramesGetErrorsAndTheSameConnectionStillSends() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient socket = chat(alice);

        socket.send("{not json");
        assertThat(socket.expect("ERROR").path("code").asString()).isEqualTo("BAD_REQUEST");
        socket.send("[1,2,3]");
        assertThat(socket.expect("ERROR").path("code").asString()).isEqualTo("BAD_REQUEST");
        socket.send(frame("type", "NO_SUCH_TYPE"));
        JsonNode unknown = socket.expect("ERROR");
        assertThat(unknown.path("code").asString()).isEqualTo("BAD_REQUEST");
        assertThat(unknown.path("ref").asString()).isEqualTo("NO_SUCH_TYPE");
        socket.send(frame("type", "SEND", "roomId", roomId, "clientMsgId", "no-body"));
        JsonNode missing = socket.expect("ERROR");
        assertThat(missing.path("message").asString()).contains("body");
        assertThat(missing.path("ref").asString()).isEqualTo("no-body");
        socket.send(frame("type", "SEND", "roomId", "not-a-number", "clientMsgId", "bad-room", "body", "x"));
        assertThat(socket.expect("ERROR").path("message").asString()).contains("roomId");

        socket.send(sendFrame(roomId, "after-errors", "still here"));

        assertThat(socket.expect("ACK").path("clientMsgId").asString()).isEqualTo("after-errors");
        assertThat(socket.expect(frame -> isMessage(frame, "after-errors"), "the MESSAGE").path("body").asString())
                .isEqualTo("still here");
        assertThat(socket.isClosed()).isFalse();
    }

    @Test
    void binaryFrameGetsAnErrorAndTheConnectionStaysOpen() throws Exception {
        String alice = uniqueUser("alice");
        WsClient socket = chat(alice);

        socket.sendBinary(new byte[] {1, 2, 3});

        assertThat(socket.expect("ERROR").path("code").asString()).isEqualTo("BAD_REQUEST");
        socket.send(frame("type", "PING"));
        socket.expect("PONG");
    }

    @Test
    void retriedClientMsgIdGetsTheSameAckAndNoSecondMessage() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);

        aliceSocket.send(sendFrame(roomId, "retry-me", "once"));
        JsonNode first = aliceSocket.expect("ACK");
        aliceSocket.send(sendFrame(roomId, "retry-me", "once"));
        JsonNode second = aliceSocket.expect("ACK");

        assertThat(second).isEqualTo(first);
        bobSocket.expect("MESSAGE");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> bobSocket.received("MESSAGE").isEmpty());
        assertThat(rest.get("/api/rooms/" + roomId + "/messages", tokenFor(bob)).json().path("messages").size())
                .isEqualTo(1);
    }

    @Test
    void syncReturnsHistoryAfterAGivenSeq() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient socket = chat(alice);
        for (int i = 1; i <= 3; i++) {
            socket.send(sendFrame(roomId, "h-" + i, "message " + i));
            socket.expect("ACK");
        }

        socket.send(frame("type", "SYNC", "roomId", roomId, "afterSeq", 1));

        JsonNode history = socket.expect("HISTORY");
        assertThat(history.path("hasMore").asBoolean()).isFalse();
        assertThat(history.path("messages").valueStream().map(m -> m.path("seq").asLong()).toList())
                .containsExactly(2L, 3L);
    }

    @Test
    void handshakeFromAForeignOriginIsRefused() {
        String alice = uniqueUser("alice");
        Map<String, String> headers = Map.of("Authorization", "Bearer " + tokenFor(alice),
                "Origin", "https://evil.example");

        assertThat(WsClient.refusedStatus(wsUri("/ws/chat"), headers)).contains(403);
    }

    @Test
    void expiredSessionTokenClosesTheSocketWith4401() {
        String alice = uniqueUser("alice");
        String shortLived = io.jsonwebtoken.Jwts.builder().subject(alice)
                .issuedAt(new java.util.Date())
                .expiration(new java.util.Date(System.currentTimeMillis() + 1500))
                .signWith(io.jsonwebtoken.security.Keys.hmacShaKeyFor(
                        "test-only-secret-0123456789-abcdefghijklmnop".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        io.jsonwebtoken.Jwts.SIG.HS256)
                .compact();
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat"), Map.of("Authorization", "Bearer " + shortLived)));
        socket.expect("READY");

        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
    }

    @Test
    void malformedFrameFromAPendingSessionClosesWith4401() {
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));

        socket.send("{not json");

        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
        assertThat(socket.received()).isEmpty();
    }

    @Test
    void binaryFrameFromAPendingSessionClosesWith4401() {
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));

        socket.sendBinary(new byte[] {42});

        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
    }

    @Test
    void platformAdminMaySendIntoAnyRoom() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient aliceSocket = chat(alice);
        WsClient admin = track(WsClient.connect(wsUri("/ws/chat"),
                Map.of("Authorization", "Bearer " + adminTokenFor(uniqueUser("root")))));
        admin.expect("READY");

        admin.send(sendFrame(roomId, "from-admin", "maintenance at noon"));

        assertThat(admin.expect("ACK").path("seq").asLong()).isEqualTo(1);
        assertThat(aliceSocket.expect("MESSAGE").path("body").asString()).isEqualTo("maintenance at noon");
    }

    /** As it may post anywhere, a platform ADMIN may type anywhere; but only in a room that exists. */
    @Test
    void platformAdminTypesInRoomsThatExist() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient aliceSocket = chat(alice);
        String root = uniqueUser("root");
        WsClient admin = track(WsClient.connect(wsUri("/ws/chat"),
                Map.of("Authorization", "Bearer " + adminTokenFor(root))));
        admin.expect("READY");

        admin.send("{\"type\":\"TYPING\",\"roomId\":" + Long.MAX_VALUE + "}");
        JsonNode refused = admin.expect("ERROR");
        admin.send("{\"type\":\"TYPING\",\"roomId\":" + roomId + "}");

        assertThat(refused.path("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(refused.path("ref").asString()).isEqualTo("TYPING");
        assertThat(aliceSocket.expect("TYPING").path("userId").asString()).isEqualTo(root);
    }

    @Test
    void roomCreatedFrameKeepsTypeForTheFrameAndNamesTheRoomTypeRoomType() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        WsClient bobSocket = chat(bob);

        long roomId = createRoom(alice, bob);

        JsonNode created = bobSocket.expect("ROOM_CREATED");
        assertThat(created.path("roomId").asLong()).isEqualTo(roomId);
        assertThat(created.path("roomType").asString()).isEqualTo("GROUP");
    }

    @Test
    void aFrameLongerThanTheReadBufferIsAssembledAndStoredExactly() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient socket = chat(alice);
        String body = "שלום 🙂 héllo <b>&amp;</b> ".repeat(150).substring(0, 3900);

        socket.send(sendFrame(roomId, "long-one", body));

        assertThat(socket.expect("ACK").path("clientMsgId").asString()).isEqualTo("long-one");
        assertThat(socket.expect("MESSAGE").path("body").asString()).isEqualTo(body);
        assertThat(rest.get("/api/rooms/" + roomId + "/messages", tokenFor(alice)).json().path("messages").get(0)
                .path("body").asString()).isEqualTo(body);
    }

    @Test
    void aFrameLargerThanTheMaximumClosesWith1009() {
        WsClient socket = chat(uniqueUser("alice"));

        socket.send("{\"type\":\"PING\",\"pad\":\"" + "x".repeat(70_000) + "\"}");

        assertThat(socket.awaitCloseCode()).isEqualTo(1009);
    }
}
