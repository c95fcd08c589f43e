package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rooms that feel alive: membership changes, presence, typing, read markers, edits and deletions. */
class LivingRoomIT extends ChatServerTest {

    @Test
    void addedMemberStartsReceivingWithoutReconnecting() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);

        assertThat(rest.post("/api/rooms/" + roomId + "/members", tokenFor(alice), Map.of("userId", bob)).status())
                .isEqualTo(201);

        JsonNode joined = bobSocket.expect("MEMBER_JOINED");
        assertThat(joined.path("userId").asString()).isEqualTo(bob);
        assertThat(aliceSocket.expect("MEMBER_JOINED").path("roomId").asLong()).isEqualTo(roomId);
        aliceSocket.send(sendFrame(roomId, "welcome", "welcome bob"));
        assertThat(bobSocket.expect("MESSAGE").path("body").asString()).isEqualTo("welcome bob");
    }

    @Test
    void removedMemberReceivesNothingAfterTheRemovalsResponse() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);

        RestApi.Response removal = rest.delete("/api/rooms/" + roomId + "/members/" + bob, tokenFor(alice));
        assertThat(removal.status()).isEqualTo(204);
        aliceSocket.send(sendFrame(roomId, "after-removal", "bob must not see this"));
        aliceSocket.expect("ACK");
        aliceSocket.expect("MESSAGE");

        assertThat(bobSocket.expect("MEMBER_LEFT").path("userId").asString()).isEqualTo(bob);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> bobSocket.received("MESSAGE").isEmpty());
        bobSocket.send(sendFrame(roomId, "sneak", "let me back"));
        assertThat(bobSocket.expect("ERROR").path("code").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void renameAndDeleteReachEveryMember() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient bobSocket = chat(bob);

        rest.patch("/api/rooms/" + roomId, tokenFor(alice), Map.of("name", "renamed"));
        assertThat(bobSocket.expect("ROOM_UPDATED").path("name").asString()).isEqualTo("renamed");
        rest.delete("/api/rooms/" + roomId, tokenFor(alice));
        assertThat(bobSocket.expect("ROOM_DELETED").path("roomId").asLong()).isEqualTo(roomId);
    }

    @Test
    void presenceIsAnnouncedOnFirstOpenAndLastCloseAndListedOverRest() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient aliceSocket = chat(alice);

        WsClient bobPhone = chat(bob);
        JsonNode online = aliceSocket.expect("PRESENCE");
        assertThat(online.path("userId").asString()).isEqualTo(bob);
        assertThat(online.path("online").asBoolean()).isTrue();
        WsClient bobLaptop = chat(bob);
        assertThat(rest.get("/api/rooms/" + roomId + "/presence", tokenFor(alice)).json().path("online")
                .valueStream().map(JsonNode::asString).toList()).containsExactlyInAnyOrder(alice, bob);

        bobPhone.close();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> aliceSocket.received("PRESENCE").isEmpty());
        bobLaptop.close();
        JsonNode offline = aliceSocket.expect("PRESENCE");
        assertThat(offline.path("userId").asString()).isEqualTo(bob);
        assertThat(offline.path("online").asBoolean()).isFalse();
        await().atMost(WsClient.WAIT).until(() -> rest.get("/api/rooms/" + roomId + "/presence", tokenFor(alice))
                .json().path("online").size() == 1);
    }

    @Test
    void typingIsRelayedToOthersOnlyAndThrottled() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);

        for (int i = 0; i < 5; i++) {
            aliceSocket.send(frame("type", "TYPING", "roomId", roomId));
        }
        aliceSocket.send(frame("type", "PING"));
        aliceSocket.expect("PONG");

        assertThat(bobSocket.expect("TYPING").path("userId").asString()).isEqualTo(alice);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> bobSocket.received("TYPING").isEmpty());
        assertThat(aliceSocket.received("TYPING")).isEmpty();
    }

    @Test
    void readMarkerIsStoredToldToTheRoomAndNeverMovesBack() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);
        for (int i = 1; i <= 3; i++) {
            aliceSocket.send(sendFrame(roomId, "r" + i, "unread " + i));
            aliceSocket.expect("ACK");
        }
        assertThat(roomOf(bob, roomId).path("unreadCount").asLong()).isEqualTo(3);
        assertThat(roomOf(bob, roomId).path("lastSeq").asLong()).isEqualTo(3);
        assertThat(roomOf(alice, roomId).path("unreadCount").asLong()).isZero();

        bobSocket.send(frame("type", "READ", "roomId", roomId, "seq", 2));
        JsonNode read = aliceSocket.expect("READ");
        assertThat(read.path("userId").asString()).isEqualTo(bob);
        assertThat(read.path("seq").asLong()).isEqualTo(2);
        bobSocket.send(frame("type", "READ", "roomId", roomId, "seq", 1));
        bobSocket.send(frame("type", "PING"));
        bobSocket.expect("PONG");

        assertThat(roomOf(bob, roomId).path("unreadCount").asLong()).isEqualTo(1);
    }

    @Test
    void authorEditsAndDeletesAndHistoryShowsTheEditAndATombstone() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);
        aliceSocket.send(sendFrame(roomId, "e1", "tpyo"));
        long first = aliceSocket.expect("ACK").path("messageId").asLong();
        aliceSocket.send(sendFrame(roomId, "e2", "regret"));
        long second = aliceSocket.expect("ACK").path("messageId").asLong();

        bobSocket.send(frame("type", "EDIT", "roomId", roomId, "messageId", first, "body", "hijack"));
        assertThat(bobSocket.expect("ERROR").path("code").asString()).isEqualTo("FORBIDDEN");
        aliceSocket.send(frame("type", "EDIT", "roomId", roomId, "messageId", first, "body", "typo"));
        JsonNode updated = bobSocket.expect("MESSAGE_UPDATED");
        assertThat(updated.path("body").asString()).isEqualTo("typo");
        assertThat(updated.path("seq").asLong()).isEqualTo(1);
        aliceSocket.send(frame("type", "DELETE", "roomId", roomId, "messageId", second));
        assertThat(bobSocket.expect("MESSAGE_DELETED").path("messageId").asLong()).isEqualTo(second);

        JsonNode messages = rest.get("/api/rooms/" + roomId + "/messages", tokenFor(bob)).json().path("messages");
        assertThat(messages.get(0).path("body").asString()).isEqualTo("typo");
        assertThat(messages.get(0).path("editedAt").isMissingNode()).isFalse();
        assertThat(messages.get(1).path("deleted").asBoolean()).isTrue();
        assertThat(messages.get(1).path("body").asString()).isEmpty();
        assertThat(messages.get(1).path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void roomOwnerMayDeleteAnotherMembersMessageOverRest() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient bobSocket = chat(bob);
        bobSocket.send(sendFrame(roomId, "spam", "buy now"));
        long messageId = bobSocket.expect("ACK").path("messageId").asLong();

        assertThat(rest.delete("/api/rooms/" + roomId + "/messages/" + messageId, tokenFor(alice)).status())
                .isEqualTo(204);
        assertThat(bobSocket.expect("MESSAGE_DELETED").path("messageId").asLong()).isEqualTo(messageId);
    }

    @Test
    void directRoomIsOneRoomPerPairWhoeverAsks() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");

        RestApi.Response created = rest.post("/api/rooms/direct", tokenFor(alice), Map.of("userId", bob));
        RestApi.Response again = rest.post("/api/rooms/direct", tokenFor(bob), Map.of("userId", alice));

        assertThat(created.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asLong()).isEqualTo(created.json().path("id").asLong());
        assertThat(again.json().path("type").asString()).isEqualTo("DIRECT");
        assertThat(rest.post("/api/rooms/direct", tokenFor(alice), Map.of("userId", alice)).problemCode())
                .isEqualTo("BAD_REQUEST");
    }

    @Test
    void lastMemberLeavingDeletesTheRoomAndIsToldSo() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient aliceSocket = chat(alice);

        assertThat(rest.delete("/api/rooms/" + roomId + "/members/" + alice, tokenFor(alice)).status()).isEqualTo(204);

        assertThat(aliceSocket.expect("ROOM_DELETED").path("roomId").asLong()).isEqualTo(roomId);
        assertThat(rest.get("/api/rooms/" + roomId, adminTokenFor(uniqueUser("root"))).status()).isEqualTo(404);
    }

    private JsonNode roomOf(String userId, long roomId) {
        for (JsonNode room : rest.get("/api/rooms", tokenFor(userId)).json()) {
            if (room.path("id").asLong() == roomId) {
                return room;
            }
        }
        throw new AssertionError("room " + roomId + " not listed for " + userId);
    }
}
