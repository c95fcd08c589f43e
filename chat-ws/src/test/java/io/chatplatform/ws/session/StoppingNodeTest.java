package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;

/**
 * Once the node stops, a session gets 1001 and no READY, however it arrives (opened after the sweep, or INIT on a
 * pending socket), and closing sessions tell no feature: no offline announcements from a node that goes away.
 */
class StoppingNodeTest {

    private final HandlerHarness harness = new HandlerHarness();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final SessionHandler chat = harness.handler(Endpoint.CHAT, router -> {
        router.onAuthenticated(Endpoint.CHAT, (session, first) -> events.add("authenticated " + session.userId()));
        router.onClosed(Endpoint.CHAT, (session, last) -> events.add("closed " + session.userId()));
    });

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aSocketWhoseHandshakeRacedTheStopIsClosedWith1001WithoutReady() {
        HandlerHarness.Connection late = harness.prepareAuthenticated(chat, "ann");
        harness.support().stop();

        late.establish();

        assertThat(late.closeStatus().getCode()).isEqualTo(CloseStatus.GOING_AWAY.getCode());
        assertThat(late.sent()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void everySessionGets1001AndNoFeatureHearsOfTheClose() throws Exception {
        HandlerHarness.Connection ann = harness.openAuthenticated(chat, "ann");
        HandlerHarness.Connection pending = harness.openPending(chat);
        events.clear();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> harness.support().stop());
        await().atMost(10, TimeUnit.SECONDS).until(() -> ann.closeStatus() != null && pending.closeStatus() != null);
        assertThat(harness.support().isStopping()).isTrue();
        pending.clearSent();
        pending.receive("{\"type\":\"INIT\",\"token\":\"" + HandlerHarness.validToken("bob") + "\"}");
        ann.disconnect();
        pending.disconnect();
        stopping.get(10, TimeUnit.SECONDS);

        assertThat(ann.closeStatus().getCode()).isEqualTo(CloseStatus.GOING_AWAY.getCode());
        assertThat(pending.closeStatus().getCode()).isEqualTo(CloseStatus.GOING_AWAY.getCode());
        assertThat(pending.sent()).isEmpty();
        assertThat(events).isEmpty();
        assertThat(harness.support().registry().size()).isZero();
    }

    /** Spring's test framework pauses cached contexts with stop() and takes them up again with start(). */
    @Test
    void aNodeStartedAgainAfterAStopTakesSessionsAgain() {
        harness.support().stop();
        harness.support().start();

        HandlerHarness.Connection ann = harness.openAuthenticated(chat, "ann");

        assertThat(ann.closeStatus()).isNull();
        assertThat(ann.sent()).singleElement().asString().contains("\"type\":\"READY\"");
        assertThat(events).containsExactly("authenticated ann");
    }
}
