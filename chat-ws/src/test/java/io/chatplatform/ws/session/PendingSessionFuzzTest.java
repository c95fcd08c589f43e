package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.chatplatform.ws.protocol.CloseCodes;
import io.chatplatform.ws.protocol.FrameArbitraries;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import org.springframework.web.socket.BinaryMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pending session (no token at the handshake) gets nothing but READY: whatever the first frame, it is either a
 * valid INIT answered with READY, or the socket is closed with 4401 and nothing was sent. Nothing is thrown.
 */
class PendingSessionFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HandlerHarness harness = new HandlerHarness();
    private final SessionHandler handler = harness.handler(Endpoint.CHAT, router ->
            router.on(Endpoint.CHAT, HandlerHarness.frameType("SEND"), (session, frame) -> {
                throw new AssertionError("a pending session's frame reached the endpoint: " + frame);
            }));

    @AfterProperty
    void stop() {
        harness.close();
    }

    @Property(tries = 1000)
    void anyFirstTextIsAValidInitAnsweredWithReadyOrClosesWith4401(@ForAll("firstFrames") String text) {
        HandlerHarness.Connection connection = harness.openPending(handler);

        assertThatCode(() -> connection.receive(text)).as("handling %s", text).doesNotThrowAnyException();

        if (connection.closeStatus() == null) {
            assertThat(connection.sent()).as("answers to %s", text).hasSize(1);
            JsonNode ready = JSON.readTree(connection.sent().get(0));
            assertThat(ready.path("type").asString()).isEqualTo("READY");
            assertThat(HandlerHarness.validToken(ready.path("userId").asString()))
                    .isEqualTo(JSON.readTree(text).path("token").asString());
        } else {
            assertThat(connection.closeStatus().getCode()).as("close after %s", text)
                    .isEqualTo(CloseCodes.UNAUTHENTICATED);
            assertThat(connection.sent()).as("answers to %s", text).isEmpty();
        }
        connection.disconnect();
    }

    @Property(tries = 200)
    void aBinaryFirstFrameClosesWith4401(@ForAll byte[] payload) {
        HandlerHarness.Connection connection = harness.openPending(handler);

        assertThatCode(() -> connection.deliver(new BinaryMessage(payload))).doesNotThrowAnyException();

        assertThat(connection.closeStatus().getCode()).isEqualTo(CloseCodes.UNAUTHENTICATED);
        assertThat(connection.sent()).isEmpty();
        connection.disconnect();
    }

    @Provide
    Arbitrary<String> firstFrames() {
        String init = "{\"type\":\"INIT\",\"token\":\"" + HandlerHarness.validToken("fuzzer")
                + "\",\"device\":\"web\"}";
        return Arbitraries.oneOf(FrameArbitraries.anyText(), FrameArbitraries.json(),
                FrameArbitraries.frames(List.of("INIT", "PING", "SEND", "REFRESH")),
                FrameArbitraries.mutated(List.of(init)), Arbitraries.just(init));
    }
}
