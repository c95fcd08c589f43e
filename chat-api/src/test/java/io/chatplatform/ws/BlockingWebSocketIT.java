package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a block keeps from the blocked user over {@code /ws/chat}: their DIRECT room with the blocker is closed to
 * both (SEND, EDIT, TYPING), and the blocker's PRESENCE never reaches them.
 *
 * <p>Frames that must not arrive are checked against a later frame to the same session: a session's frames leave
 * in the order they were queued, so once the later one arrived, the earlier one would have too.
 */
class BlockingWebSocketIT extends ChatServerTest {

    private void block(String blocker, String blocked) {
        assertThat(rest.call("PUT", "/api/users/me/blocks/" + blocked, tokenFor(blocker), null).status())
                .isEqualTo(204);
    }

    private long openDirect(String caller, String other) {
        RestApi.Response response = rest.post("/api/rooms/direct", tokenFor(caller), Map.of("userId", other));
        assertThat(response.status()).isIn(200, 201);
        return response.json().path("id").asLong();
    }

    /** Sends PING and waits for PONG: every frame this session sent before has been handled. */
    private static void roundTrip(WsClient socket) {
        socket.send(frame("type", "PING"));
        socket.expect("PONG");
    }

    private static boolean isPresenceOf(JsonNode frame, String userId) {
        return "PRESENCE".equals(frame.path("type").asString()) && userId.equals(frame.path("userId").asString());
    }

    @Test
    void blockedUserCannotPostInTheirExistingDirectRoomNorCanTheBlocker() {
        String xena = uniqueUser("xena");
        String yuri = uniqueUser("yuri");
        long roomId = openDirect(yuri, xena);
        WsClient xenaSocket = chat(xena);
        WsClient yuriSocket = chat(yuri);
        yuriSocket.send(sendFrame(roomId, "before", "hi xena"));
        long earlierMessageId = yuriSocket.expect("ACK").path("messageId").asLong();
        xenaSocket.expect(frame -> isMessage(frame, "before"), "yuri's first message");

        block(xena, yuri);
        yuriSocket.send(sendFrame(roomId, "after", "why did you block me"));
        xenaSocket.send(sendFrame(roomId, "reply", "go away"));

        JsonNode refused = yuriSocket.expect("ERROR");
        assertThat(refused.path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(refused.path("ref").asString()).isEqualTo("after");
        assertThat(refused.path("message").asString()).doesNotContainIgnoringCase("block");
        JsonNode refusedReply = xenaSocket.expect("ERROR");
        assertThat(refusedReply.path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(refusedReply.path("ref").asString()).isEqualTo("reply");
        assertThat(xenaSocket.received("MESSAGE")).isEmpty();
        assertThat(yuriSocket.received("ACK")).isEmpty();

        yuriSocket.send(frame("type", "EDIT", "roomId", roomId, "messageId", earlierMessageId, "body", "edited"));
        assertThat(yuriSocket.expect("ERROR").path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(rest.patch("/api/rooms/" + roomId + "/messages/" + earlierMessageId, tokenFor(yuri),
                Map.of("body", "edited over REST")).status()).isEqualTo(403);
        assertThat(rest.get("/api/rooms/" + roomId + "/messages", tokenFor(xena)).json().path("messages").get(0)
                .path("body").asString()).isEqualTo("hi xena");
    }

    @Test
    void directRoomOpensAgainOnceTheBlockIsLifted() {
        String xena = uniqueUser("xena");
        String yuri = uniqueUser("yuri");
        long roomId = openDirect(yuri, xena);
        WsClient yuriSocket = chat(yuri);
        block(xena, yuri);
        yuriSocket.send(sendFrame(roomId, "blocked", "hello?"));
        assertThat(yuriSocket.expect("ERROR").path("code").asString()).isEqualTo("FORBIDDEN");

        assertThat(rest.delete("/api/users/me/blocks/" + yuri, tokenFor(xena)).status()).isEqualTo(204);
        yuriSocket.send(sendFrame(roomId, "unblocked", "hello again"));

        assertThat(yuriSocket.expect("ACK").path("clientMsgId").asString()).isEqualTo("unblocked");
    }

    @Test
    void typingOfTheBlockedUserDoesNotReachTheBlocker() {
        String xena = uniqueUser("xena");
        String yuri = uniqueUser("yuri");
        long roomId = openDirect(yuri, xena);
        WsClient xenaSocket = chat(xena);
        WsClient yuriSocket = chat(yuri);
        block(xena, yuri);

        yuriSocket.send(frame("type", "TYPING", "roomId", roomId));
        roundTrip(yuriSocket);
        roundTrip(xenaSocket);

        assertThat(xenaSocket.received("TYPING")).isEmpty();
    }

    @Test
    void presenceOfTheBlockerReachesOthersButNotTheBlockedUser() {
        String xena = uniqueUser("xena");
        String yuri = uniqueUser("yuri");
        String zoe = uniqueUser("zoe");
        long roomId = createRoom(zoe, xena, yuri);
        block(xena, yuri);
        WsClient yuriSocket = chat(yuri);
        WsClient zoeSocket = chat(zoe);

        WsClient xenaSocket = chat(xena);
        roundTrip(xenaSocket); // xena's coming online has been announced
        zoeSocket.expect(frame -> isPresenceOf(frame, xena), "xena's PRESENCE at zoe");
        zoeSocket.send(sendFrame(roomId, "after-online", "hi all"));
        yuriSocket.expect(frame -> isMessage(frame, "after-online"), "zoe's later message at yuri");
        assertThat(yuriSocket.received()).noneMatch(frame -> isPresenceOf(frame, xena));

        xenaSocket.close();
        JsonNode offline = zoeSocket.expect(frame -> isPresenceOf(frame, xena), "xena's going offline at zoe");
        assertThat(offline.path("online").asBoolean()).isFalse();
        zoeSocket.send(sendFrame(roomId, "after-offline", "bye xena"));
        yuriSocket.expect(frame -> isMessage(frame, "after-offline"), "zoe's later message at yuri");
        assertThat(yuriSocket.received()).noneMatch(frame -> isPresenceOf(frame, xena));
    }
}
