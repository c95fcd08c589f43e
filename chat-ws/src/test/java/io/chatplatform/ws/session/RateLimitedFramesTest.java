package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A frame over the connection's rate that cannot wait (these fake sockets cannot pause their reads, as a container
 * other than Tomcat could not) is refused by name: ERROR RATE_LIMITED with {@code ref} = its clientMsgId, else its
 * type, and a {@code retryAfterMs}; it never reaches its handler. Frames refused together get resend times one
 * interval apart.
 */
class RateLimitedFramesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Bursts of 2, then one frame every 100 s: no token trickles in while the test runs, however slow the machine. */
    private final HandlerHarness harness = new HandlerHarness(HandlerHarness.limits(0.01, 2, 200));
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final SessionHandler chat = harness.handler(Endpoint.CHAT,
            router -> router.on(Endpoint.CHAT, HandlerHarness.frameType("SEND"),
                    (session, send) -> handled.add(send.frame().ref())));

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aRefusedSendIsNamedByItsClientMsgIdAndRoomWithWhenToResendIt() throws Exception {
        HandlerHarness.Connection ann = harness.openAuthenticated(chat, "ann");
        ann.clearSent();

        for (int i = 1; i <= 4; i++) {
            ann.receive("{\"type\":\"SEND\",\"roomId\":1,\"clientMsgId\":\"m-" + i + "\",\"body\":\"hi\"}");
        }
        ann.receive("{\"type\":\"PING\"}");
        ann.receive("{not json");

        assertThat(handled).containsExactly("m-1", "m-2");
        List<JsonNode> errors = ann.sent().stream().map(JSON::readTree).toList();
        assertThat(errors).hasSize(4).allSatisfy(error -> {
            assertThat(error.path("type").asString()).isEqualTo("ERROR");
            assertThat(error.path("code").asString()).isEqualTo("RATE_LIMITED");
        });
        assertThat(errors).extracting(error -> error.path("ref").asString(null))
                .containsExactly("m-3", "m-4", "PING", null);
        assertThat(errors).extracting(error -> error.has("roomId") ? error.path("roomId").asLong() : null)
                .as("the room of each refused SEND: a clientMsgId is unique per room")
                .containsExactly(1L, 1L, null, null);
        List<Long> retries = errors.stream().map(error -> error.path("retryAfterMs").asLong()).toList();
        // The exact times are RateLimiterTest's; here only their order, as the clock runs between the frames.
        assertThat(retries.get(0)).isBetween(1L, 100_000L);
        assertThat(retries).isSorted().doesNotHaveDuplicates();
        assertThat(ann.closeStatus()).isNull();
    }
}
