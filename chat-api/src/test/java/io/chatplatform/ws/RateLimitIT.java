package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Per-connection flood control with small limits: 5 frames a second sustained, bursts of 10, and a cut-off (1008)
 * after 20 refused frames without the client slowing down. Other connections never notice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chat.ws.rate-limit=5", "chat.ws.rate-burst=10", "chat.ws.flood-limit=20"})
class RateLimitIT extends ChatServerTest {

    @Test
    void burstOverTheRateIsRefusedWithRateLimitedAndTheConnectionContinuesAfterWaiting() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient socket = chat(alice);

        for (int i = 0; i < 15; i++) {
            socket.send(frame("type", "PING"));
        }

        await().atMost(WsClient.WAIT)
                .until(() -> socket.received("PONG").size() + socket.received("ERROR").size() == 15);
        assertThat(socket.received("PONG")).hasSizeGreaterThanOrEqualTo(10);
        assertThat(socket.received("ERROR")).isNotEmpty().allSatisfy(error -> {
            assertThat(error.path("code").asString()).isEqualTo("RATE_LIMITED");
            assertThat(error.has("ref")).isFalse();
        });
        assertThat(socket.isClosed()).isFalse();

        // Waiting refills the bucket: the same connection is served again.
        await().atMost(WsClient.WAIT).pollInterval(Duration.ofMillis(400)).until(() -> {
            socket.send(sendFrame(roomId, "after-waiting", "back to normal"));
            return !socket.received("ACK").isEmpty();
        });
        assertThat(socket.expect("ACK").path("clientMsgId").asString()).isEqualTo("after-waiting");
        assertThat(socket.isClosed()).isFalse();
    }

    @Test
    void sustainedFloodIsClosedWith1008WhileOtherMembersTalkUndisturbed() {
        String mallory = uniqueUser("mallory");
        String carol = uniqueUser("carol");
        String dave = uniqueUser("dave");
        long roomId = createRoom(carol, dave, mallory);
        WsClient flooder = chat(mallory);
        WsClient carolSocket = chat(carol);
        WsClient daveSocket = chat(dave);

        // Ten times the sustained rate, steadily: not a burst the bucket absorbs, and not so fast that the
        // bucket never refills in between.
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try {
            pace.scheduleAtFixedRate(() -> {
                if (!flooder.isClosed()) {
                    flooder.send(frame("type", "PING"));
                }
            }, 0, 20, TimeUnit.MILLISECONDS);

            for (int i = 0; i < 3; i++) {
                String calm = "calm-" + i;
                carolSocket.send(sendFrame(roomId, calm, "still talking " + i));
                JsonNode message = daveSocket.expect(frame -> isMessage(frame, calm), "calm message " + i);
                assertThat(message.path("senderId").asString()).isEqualTo(carol);
            }

            assertThat(flooder.awaitCloseCode()).isEqualTo(1008);
        } finally {
            pace.shutdownNow();
        }
        assertThat(flooder.received("ERROR")).isNotEmpty()
                .allSatisfy(error -> assertThat(error.path("code").asString()).isEqualTo("RATE_LIMITED"));
        carolSocket.send(sendFrame(roomId, "after-flood", "is anyone there?"));
        daveSocket.expect(frame -> isMessage(frame, "after-flood"), "the message after the flood");
        assertThat(carolSocket.isClosed()).isFalse();
        assertThat(daveSocket.isClosed()).isFalse();
    }
}
