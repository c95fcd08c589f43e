package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Per-connection flood control with small limits and pacing off ({@code chat.ws.rate-pacing=false}): 5 frames a
 * second sustained, bursts of 10, every frame over that refused by name, and a cut-off (1008) after 20 refused
 * frames without the client slowing down. Other connections never notice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chat.ws.rate-limit=5", "chat.ws.rate-burst=10", "chat.ws.flood-limit=20",
                "chat.ws.rate-pacing=false"})
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
            assertThat(error.path("ref").asString()).isEqualTo("PING");
            assertThat(error.path("retryAfterMs").asLong()).isBetween(1L, 5_000L);
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
    void aRefusedSendIsNamedByItsClientMsgIdAndStoredOnceWhenResentAfterRetryAfterMs() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient socket = chat(alice);

        for (int i = 1; i <= 12; i++) {
            socket.send(sendFrame(roomId, "m-" + i, "message " + i));
        }

        await().atMost(WsClient.WAIT)
                .until(() -> socket.received("ACK").size() + socket.received("ERROR").size() == 12);
        List<JsonNode> refused = socket.received("ERROR");
        assertThat(refused).isNotEmpty().allSatisfy(error -> {
            assertThat(error.path("code").asString()).isEqualTo("RATE_LIMITED");
            assertThat(error.path("retryAfterMs").asLong()).isPositive();
        });
        List<String> acked = socket.received("ACK").stream().map(ack -> ack.path("clientMsgId").asString()).toList();
        List<String> named = refused.stream().map(error -> error.path("ref").asString()).toList();
        assertThat(named).as("the refused SENDs, by name").doesNotContainAnyElementsOf(acked);
        assertThat(concat(acked, named)).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, 12).mapToObj(i -> "m-" + i).toList());

        // The client rule: resend exactly the named frames, each after its retryAfterMs.
        for (JsonNode error : refused) {
            String id = error.path("ref").asString();
            await().pollDelay(Duration.ofMillis(error.path("retryAfterMs").asLong())).atMost(WsClient.WAIT)
                    .until(() -> true);
            socket.send(sendFrame(roomId, id, "message " + id.substring(2)));
            socket.expect(frame -> "ACK".equals(frame.path("type").asString())
                    && id.equals(frame.path("clientMsgId").asString()), "the ACK of resent " + id);
        }
        List<JsonNode> history = rest.get("/api/rooms/" + roomId + "/messages?limit=50", tokenFor(alice)).json()
                .path("messages").valueStream().toList();
        assertThat(history).extracting(m -> m.path("clientMsgId").asString()).doesNotHaveDuplicates().hasSize(12);
        assertThat(history).extracting(m -> m.path("seq").asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 12).boxed().toList());
        assertThat(socket.isClosed()).isFalse();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
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
