package io.chatplatform.api.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.domain.posting.Posting;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import io.chatplatform.testing.WsClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * An outsider walking room ids cannot tell which exist: for every REST call and every /ws/chat frame about a
 * room, a room they are not in answers exactly as a room that does not exist (404 / ERROR NOT_FOUND, the same
 * body once the id is set aside), while members who lack a role still get 403.
 */
class RoomEnumerationIT extends ChatServerTest {

    @Autowired
    Posting messages;

    @Test
    void overRestARoomYouAreNotInLooksExactlyLikeOneThatDoesNotExist() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long existing = createRoom(alice, bob);
        long missing = existing + 1_000_000;
        long messageId = messages.post(new Actor(alice, Role.USER), existing, "m1", "secret").message().messageId();
        String malloryId = uniqueUser("mallory");
        String mallory = tokenFor(malloryId);
        Map<String, Function<Long, Response>> calls = new LinkedHashMap<>();
        calls.put("GET room", id -> rest.get("/api/rooms/" + id, mallory));
        calls.put("PATCH room", id -> rest.patch("/api/rooms/" + id, mallory, Map.of("name", "mine")));
        calls.put("DELETE room", id -> rest.delete("/api/rooms/" + id, mallory));
        calls.put("GET members", id -> rest.get("/api/rooms/" + id + "/members", mallory));
        calls.put("POST members", id -> rest.post("/api/rooms/" + id + "/members", mallory,
                Map.of("userId", "someone")));
        calls.put("DELETE a member", id -> rest.delete("/api/rooms/" + id + "/members/" + bob, mallory));
        calls.put("DELETE a stranger", id -> rest.delete("/api/rooms/" + id + "/members/nobody", mallory));
        calls.put("leave", id -> rest.delete("/api/rooms/" + id + "/members/" + malloryId, mallory));
        calls.put("GET messages", id -> rest.get("/api/rooms/" + id + "/messages", mallory));
        calls.put("GET messages after", id -> rest.get("/api/rooms/" + id + "/messages?afterSeq=0", mallory));
        calls.put("PATCH message", id -> rest.patch("/api/rooms/" + id + "/messages/" + messageId, mallory,
                Map.of("body", "mine")));
        calls.put("DELETE message", id -> rest.delete("/api/rooms/" + id + "/messages/" + messageId, mallory));
        calls.put("GET presence", id -> rest.get("/api/rooms/" + id + "/presence", mallory));

        calls.forEach((call, request) -> {
            Response aboutExisting = request.apply(existing);
            Response aboutMissing = request.apply(missing);
            assertThat(aboutExisting.status()).as(call).isEqualTo(404);
            assertThat(aboutExisting.contentType()).as(call).isEqualTo(aboutMissing.contentType());
            assertThat(withoutRoomId(aboutExisting.json(), existing)).as(call)
                    .isEqualTo(withoutRoomId(aboutMissing.json(), missing));
            assertThat(aboutExisting.problemCode()).as(call).isEqualTo("NOT_FOUND");
        });
        assertThat(rest.get("/api/rooms/" + existing + "/messages", tokenFor(alice)).json().path("messages")
                .get(0).path("body").asString()).as("nothing changed").isEqualTo("secret");
    }

    @Test
    void overTheSocketARoomYouAreNotInLooksExactlyLikeOneThatDoesNotExist() {
        String alice = uniqueUser("alice");
        long existing = createRoom(alice);
        long missing = existing + 1_000_000;
        long messageId = messages.post(new Actor(alice, Role.USER), existing, "m1", "secret").message().messageId();
        WsClient mallory = chat(uniqueUser("mallory"));
        Map<String, Function<Long, Map<String, Object>>> frames = new LinkedHashMap<>();
        frames.put("SEND", id -> sendFrame(id, "probe", "hello?"));
        frames.put("SYNC", id -> frame("type", "SYNC", "roomId", id, "afterSeq", 0));
        frames.put("READ", id -> frame("type", "READ", "roomId", id, "seq", 1));
        frames.put("TYPING", id -> frame("type", "TYPING", "roomId", id));
        frames.put("EDIT", id -> frame("type", "EDIT", "roomId", id, "messageId", messageId, "body", "mine"));
        frames.put("DELETE", id -> frame("type", "DELETE", "roomId", id, "messageId", messageId));

        frames.forEach((type, frame) -> {
            JsonNode aboutExisting = errorFor(mallory, frame.apply(existing));
            JsonNode aboutMissing = errorFor(mallory, frame.apply(missing));
            assertThat(aboutExisting.path("code").asString()).as(type).isEqualTo("NOT_FOUND");
            assertThat(withoutRoomId(aboutExisting, existing)).as(type)
                    .isEqualTo(withoutRoomId(aboutMissing, missing));
        });
        assertThat(mallory.received()).as("nothing but the ERRORs reached the outsider").isEmpty();
    }

    @Test
    void aMemberWithoutTheRoleIsStillForbidden() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);

        Response rename = rest.patch("/api/rooms/" + roomId, tokenFor(bob), Map.of("name", "mine"));
        Response delete = rest.delete("/api/rooms/" + roomId, tokenFor(bob));

        assertThat(rename.status()).isEqualTo(403);
        assertThat(rename.problemCode()).isEqualTo("FORBIDDEN");
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.problemCode()).isEqualTo("FORBIDDEN");
    }

    /** Sends one frame and returns the ERROR it is answered with. */
    private static JsonNode errorFor(WsClient socket, Map<String, Object> frame) {
        socket.send(frame);
        return socket.expect("ERROR");
    }

    /** The answer as text with the room id replaced wherever it names the room (paths, messages). */
    private static String withoutRoomId(JsonNode answer, long roomId) {
        return answer.toString().replace("/api/rooms/" + roomId + "/", "/api/rooms/{id}/")
                .replace("/api/rooms/" + roomId + "\"", "/api/rooms/{id}\"")
                .replace("room " + roomId, "room {id}")
                .replace("\"roomId\":" + roomId + "}", "\"roomId\":{id}}"); // the ERROR echoes the frame's own
    }
}
