package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.Actuator;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RawWebSocket;
import io.chatplatform.testing.WsClient;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.SessionRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A member who stops reading is cut off (1013) once 1 MB waits in its queue, counted in
 * {@code chat.ws.slow.consumers}, and the room's other members never wait for it. The slow member is a raw TCP
 * client with a tiny receive buffer that authenticates with a hand-written INIT frame and then reads nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chat.ws.send-buffer-limit=1MB", "chat.ws.rate-limit=100000",
        "chat.ws.rate-burst=100000", "chat.messages.max-body-length=8000"})
class SlowConsumerIT extends ChatServerTest {

    /** Enough to fill any socket buffers (on loopback the kernel takes a few MB) and the queue: 16 MB. */
    static final int MOST_MESSAGES = 2_000;
    /** 50 messages of 8,000 characters: 400,000 characters, under the 1 MB (512 K characters) queue limit. */
    static final int BATCH = 50;

    @Autowired
    SessionRegistry registry;

    @Test
    void memberWhoStopsReadingIsClosedAndTheOthersReceiveEverythingWithoutWaiting() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice, bob, carol);
        WsClient sender = chat(alice);
        WsClient reader = chat(carol);
        double slowBefore = Actuator.meter(rest, "chat.ws.slow.consumers");
        try (RawWebSocket slow = RawWebSocket.connect(port, "/ws/chat", Map.of(), 4096)) {
            slow.sendText("{\"type\":\"INIT\",\"token\":\"" + tokenFor(bob) + "\",\"device\":\"raw\"}");
            await().atMost(WsClient.WAIT).until(() -> registry.sessionsOf(Endpoint.CHAT, bob).size() == 1);

            String body = "x".repeat(8_000);
            int sent = 0;
            while (sent < MOST_MESSAGES && Actuator.meter(rest, "chat.ws.slow.consumers") == slowBefore) {
                for (int end = sent + BATCH; sent < end; sent++) {
                    sender.send(sendFrame(roomId, "flood-" + sent, body));
                }
                // The others get each batch while the slow member is stuck: nobody waits for it.
                int delivered = sent;
                await().atMost(WsClient.WAIT).until(() -> reader.received("MESSAGE").size() == delivered
                        && sender.received("ACK").size() == delivered
                        && sender.received("MESSAGE").size() == delivered);
            }
            int total = sent;
            assertThat(reader.received("MESSAGE").stream().map(message -> message.path("seq").asLong()).toList())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.sessionsOf(Endpoint.CHAT, bob).isEmpty());
            assertThat(Actuator.meter(rest, "chat.ws.slow.consumers")).as("one slow consumer, counted once")
                    .isEqualTo(slowBefore + 1);
            RawWebSocket.Ending ending = slow.readUntilClosed(WsClient.WAIT);
            assertThat(ending.closeCode()).as("closed by %s", ending.how()).isIn(1013, -1);
            assertThat(ending.count(RawWebSocket.OP_TEXT)).as("frames that reached the slow member")
                    .isLessThan(total);
        }
        assertThat(sender.isClosed()).isFalse();
        assertThat(reader.isClosed()).isFalse();
    }
}
