package io.chatplatform.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The web UI in real headless Chromium while no socket may wait for INIT, as when a flood of token-less sockets
 * holds every pending place of the node: the page authenticates its three sockets (chat, notify, crowd) at the
 * handshake, with the token as a subprotocol, so it connects all the same. Needs Chromium like
 * {@link ChatUiBrowserIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "chat.ws.max-pending-sessions=0")
class TokenlessFloodBrowserIT extends ChatServerTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void theWebUiConnectsItsThreeSocketsWhileThePendingCapIsFull() {
        String missing = Browser.missingBrowser();
        assumeTrue(missing == null, () -> "Browser test skipped: " + missing);
        WsClient tokenless = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));
        assertThat(tokenless.awaitCloseCode()).as("a token-less socket finds no place").isEqualTo(1013);
        String admin = uniqueUser("admin");

        Browser browser = Browser.launch("browser-flood");
        try {
            browser.reset("http://localhost:" + port);
            browser.signInWithToken("http://localhost:" + port, admin, adminTokenFor(admin), "ADMIN");

            for (String endpoint : List.of("/ws/chat", "/ws/notify", "/ws/crowd/location")) {
                await().atMost(WsClient.WAIT).untilAsserted(() -> assertThat(
                        meters.get("chat.ws.sessions").tag("endpoint", endpoint).gauge().value())
                        .as("authenticated sessions on %s", endpoint).isEqualTo(1));
            }
        } finally {
            browser.close();
        }
    }
}
