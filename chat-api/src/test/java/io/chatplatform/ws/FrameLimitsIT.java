package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.Actuator;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Size limits with the default settings: a frame over {@code chat.ws.max-frame-size} (64 KB) closes that socket
 * with 1009; a message body over {@code chat.messages.max-body-length} (4,000 UTF-16 units) is refused with
 * TOO_LARGE and the socket stays open.
 */
class FrameLimitsIT extends ChatServerTest {

    @ParameterizedTest
    @ValueSource(strings = {"/ws/chat", "/ws/notify", "/ws/crowd/location"})
    void frameLargerThanTheMaxFrameSizeClosesThatSocketWith1009(String path) {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient bystander = chat(bob);
        WsClient socket = track(WsClient.connect(wsUri(path), Map.of("Authorization", "Bearer " + tokenFor(alice))));
        socket.expect("READY");

        socket.send("{\"type\":\"PING\",\"padding\":\"" + "x".repeat(64 * 1024) + "\"}");

        assertThat(socket.awaitCloseCode()).isEqualTo(1009);
        assertThat(Actuator.health(rest)).isEqualTo("UP");
        WsClient aliceAgain = chat(alice);
        aliceAgain.send(sendFrame(roomId, "after-1009", "still fine"));
        aliceAgain.expect("ACK");
        assertThat(bystander.expect("MESSAGE").path("clientMsgId").asString()).isEqualTo("after-1009");
    }

    @Test
    void frameJustUnderTheMaxFrameSizeIsAccepted() {
        WsClient socket = chat(uniqueUser("alice"));
        String start = "{\"type\":\"PING\",\"padding\":\"";
        String end = "\"}";

        socket.send(start + "x".repeat(64 * 1024 - start.length() - end.length()) + end);

        socket.expect("PONG");
    }

    @Test
    void bodyOverTheMaxBodyLengthIsRefusedWithTooLargeAndTheSocketStaysOpen() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient socket = chat(alice);

        socket.send(sendFrame(roomId, "too-long", "x".repeat(4001)));
        JsonNode error = socket.expect("ERROR");
        assertThat(error.path("code").asString()).isEqualTo("TOO_LARGE");
        assertThat(error.path("ref").asString()).isEqualTo("too-long");
        socket.send(sendFrame(roomId, "too-many-emoji", "\ud83d\ude00".repeat(2001)));
        assertThat(socket.expect("ERROR").path("code").asString()).as("an emoji counts 2").isEqualTo("TOO_LARGE");

        socket.send(sendFrame(roomId, "longest", "x".repeat(4000)));
        assertThat(socket.expect("ACK").path("clientMsgId").asString()).isEqualTo("longest");
        socket.send(sendFrame(roomId, "most-emoji", "\ud83d\ude00".repeat(2000)));
        assertThat(socket.expect("ACK").path("clientMsgId").asString()).isEqualTo("most-emoji");
        assertThat(socket.isClosed()).isFalse();
    }
}
