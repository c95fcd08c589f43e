package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RawWebSocket;
import io.chatplatform.testing.WsClient;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.SessionRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Server pings: a session silent for {@code ping-interval} is pinged, and closed (1001) when it stays silent for
 * {@code pong-timeout} more. The JDK client answers pings by itself, so the dead client is a raw TCP socket that
 * completes the handshake and then neither reads nor answers; the slow-loris client sends half a frame and stops.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chat.ws.ping-interval=300ms", "chat.ws.pong-timeout=300ms"})
class HeartbeatIT extends ChatServerTest {

    @Autowired
    SessionRegistry registry;

    @Test
    void clientThatNeverAnswersPingsIsClosed() {
        String alice = uniqueUser("alice");
        try (RawWebSocket dead = RawWebSocket.connect(port, "/ws/chat",
                Map.of("Authorization", "Bearer " + tokenFor(alice)), 0)) {
            await().atMost(WsClient.WAIT).until(() -> registry.sessionsOf(Endpoint.CHAT, alice).size() == 1);

            await().atMost(WsClient.WAIT).until(() -> registry.sessionsOf(Endpoint.CHAT, alice).isEmpty());

            RawWebSocket.Ending ending = dead.readUntilClosed(WsClient.WAIT);
            assertThat(ending.count(RawWebSocket.OP_PING)).as("pings before the close").isPositive();
            assertThat(ending.closeCode()).as("closed by %s", ending.how()).isIn(1001, -1);
            assertThat(registry.isOnline(Endpoint.CHAT, alice)).isFalse();
        }
    }

    @Test
    void clientThatTricklesHalfAFrameIsClosedSinceNoPongCanOvertakeIt() {
        String carol = uniqueUser("carol");
        try (RawWebSocket loris = RawWebSocket.connect(port, "/ws/chat",
                Map.of("Authorization", "Bearer " + tokenFor(carol)), 0)) {
            await().atMost(WsClient.WAIT).until(() -> registry.sessionsOf(Endpoint.CHAT, carol).size() == 1);

            loris.sendTextPrefix("{\"type\":\"PING\",\"padding\":\"" + "x".repeat(200) + "\"}", 20);

            await().atMost(WsClient.WAIT).until(() -> registry.sessionsOf(Endpoint.CHAT, carol).isEmpty());
            assertThat(loris.readUntilClosed(WsClient.WAIT).count(RawWebSocket.OP_TEXT)).as("READY only").isEqualTo(1);
        }
    }

    @Test
    void idleClientThatAnswersPingsStaysConnectedPastSeveralIntervals() {
        String bob = uniqueUser("bob");
        WsClient idle = chat(bob);

        await().during(Duration.ofMillis(2_000)).atMost(Duration.ofSeconds(5))
                .until(() -> !idle.isClosed() && registry.sessionsOf(Endpoint.CHAT, bob).size() == 1);

        idle.send(frame("type", "PING"));
        idle.expect("PONG");
    }
}
