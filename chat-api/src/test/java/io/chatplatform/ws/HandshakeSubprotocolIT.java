package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RawWebSocket;
import io.chatplatform.testing.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Browsers cannot set an Authorization header on a WebSocket handshake; they authenticate there by offering the
 * token as a subprotocol beside {@code chat.v1}. The server authenticates the socket before the upgrade (so it is
 * never pending), selects {@code chat.v1}, never the token, and refuses a bad token with HTTP 401 as it does a bad
 * Authorization header.
 */
@ExtendWith(OutputCaptureExtension.class)
class HandshakeSubprotocolIT extends ChatServerTest {

    @ParameterizedTest
    @ValueSource(strings = {"/ws/chat", "/ws/notify", "/ws/crowd/location"})
    void aTokenOfferedAsSubprotocolAuthenticatesTheSocketWithoutHeaderOrInit(String path) {
        String alice = uniqueUser("alice");

        WsClient socket = track(WsClient.connect(wsUri(path), Map.of(), browserProtocols(tokenFor(alice))));

        assertThat(socket.expect("READY").path("userId").asString()).isEqualTo(alice);
        assertThat(socket.subprotocol()).isEqualTo("chat.v1");
        socket.send(frame("type", "PING"));
        socket.expect("PONG");
    }

    @Test
    void theHandshakeAnswerSelectsChatV1NeverTheToken(CapturedOutput output) {
        String token = tokenFor(uniqueUser("bob"));
        // The token offered first: a server that took the first offer it recognises would echo it.
        String offer = tokenProtocol(token) + ", chat.v1";

        try (RawWebSocket socket = RawWebSocket.connect(port, "/ws/chat", Map.of("Sec-WebSocket-Protocol", offer), 0)) {
            assertThat(socket.handshakeHeader("Sec-WebSocket-Protocol")).containsExactly("chat.v1");
            assertThat(socket.handshakeResponse()).doesNotContain(token).doesNotContain(tokenProtocol(token));
        }
        assertThat(output.getAll()).doesNotContain(token).doesNotContain(tokenProtocol(token));
    }

    @Test
    void aBadTokenInTheSubprotocolIsRefusedWith401LikeABadAuthorizationHeader(CapturedOutput output) {
        String valid = tokenFor(uniqueUser("carol"));
        String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "x".repeat(43);
        String prefix = "base64url.bearer.authorization.chatplatform.io.";

        assertThat(WsClient.refusedStatus(wsUri("/ws/chat"), Map.of("Authorization", "Bearer " + forged)))
                .contains(401);
        assertThat(WsClient.refusedStatus(wsUri("/ws/chat"), Map.of(), browserProtocols(forged))).contains(401);
        assertThat(WsClient.refusedStatus(wsUri("/ws/notify"), Map.of(), browserProtocols("not-a-jwt")))
                .contains(401);
        assertThat(WsClient.refusedStatus(wsUri("/ws/crowd/location"), Map.of(),
                List.of("chat.v1", prefix + "not*base64url"))).contains(401);
        assertThat(WsClient.refusedStatus(wsUri("/ws/chat"), Map.of(),
                List.of("chat.v1", tokenProtocol(valid), tokenProtocol(forged)))).as("two tokens").contains(401);
        assertThat(output.getAll()).doesNotContain(forged).doesNotContain(tokenProtocol(forged));
    }

    @Test
    void aTokenSubprotocolWithoutChatV1IsRefusedWith400BecauseABrowserWouldFailTheConnection() {
        String token = tokenFor(uniqueUser("dave"));

        assertThat(WsClient.refusedStatus(wsUri("/ws/chat"), Map.of(), List.of(tokenProtocol(token)))).contains(400);
        assertThat(WsClient.refusedStatus(wsUri("/ws/chat"), Map.of(), List.of("other.v9", tokenProtocol(token))))
                .contains(400);
    }

    @Test
    void offeringChatV1WithoutATokenOpensAPendingSocketThatAuthenticatesWithInit() {
        String erin = uniqueUser("erin");
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat"), Map.of(), List.of("chat.v1")));

        assertThat(socket.subprotocol()).isEqualTo("chat.v1");
        socket.send(frame("type", "INIT", "token", tokenFor(erin)));

        assertThat(socket.expect("READY").path("userId").asString()).isEqualTo(erin);
    }
}
