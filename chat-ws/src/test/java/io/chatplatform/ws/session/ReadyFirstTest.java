package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * READY is the first frame a session receives (docs/protocol.md §2). A session is filed under its user before its
 * READY is queued, so that nothing posted after READY passes it by; a frame sent to it in between (a room message,
 * a presence change) must still reach the client after READY, not before.
 */
class ReadyFirstTest {

    private final HandlerHarness harness = new HandlerHarness();
    /** Sends a frame to each session the moment it is filed, before its READY: as a fan-out at that moment would. */
    private final FrameRoutes sendOnAdmission = router -> {
        for (Endpoint endpoint : Endpoint.values()) {
            router.onAdmitted(endpoint, (session, firstOfUser) -> session.send("{\"type\":\"MESSAGE\",\"seq\":1}"));
        }
    };

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aFrameSentBetweenFilingAndReadyFollowsReadyOnAHandshakeToken() {
        HandlerHarness.Connection connection = harness.openAuthenticated(
                harness.handler(Endpoint.CHAT, sendOnAdmission), "alice");

        assertReadyThenMessage(connection.sent());
    }

    @Test
    void aFrameSentBetweenFilingAndReadyFollowsReadyAfterInit() throws Exception {
        HandlerHarness.Connection connection = harness.openPending(harness.handler(Endpoint.NOTIFY, sendOnAdmission));

        connection.receive("{\"type\":\"INIT\",\"token\":\"" + HandlerHarness.validToken("bob") + "\"}");

        assertReadyThenMessage(connection.sent());
    }

    private static void assertReadyThenMessage(List<String> sent) {
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).startsWith("{\"type\":\"READY\"");
        assertThat(sent.get(1)).isEqualTo("{\"type\":\"MESSAGE\",\"seq\":1}");
    }
}
