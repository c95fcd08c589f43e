package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A flood of token-less sockets: each client address may hold at most 3 sockets waiting for INIT (one more is
 * closed with 1013), the node at most 6; and a browser that authenticates at the handshake (token offered as a
 * subprotocol, no Authorization header, no INIT) is never pending, so it gets in while the node's cap is full.
 * The test clients stand for different addresses through {@code X-Forwarded-For}, which the server honours here
 * because the peer, 127.0.0.1, is configured as a trusted proxy (as nginx would be in production).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chat.ws.max-pending-sessions=6", "chat.ws.max-pending-sessions-per-address=3", "chat.ws.init-timeout=30s",
        "server.forward-headers-strategy=native",
        "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1|0:0:0:0:0:0:0:1"})
class PendingSocketsPerAddressIT extends ChatServerTest {

    private static final String ATTACKER = "203.0.113.7";

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void socketsOfEarlierTestsAreGone() {
        awaitPending(0);
    }

    @Test
    void tokenlessSocketsFromOneAddressBeyondItsCapAreClosedWith1013WhileOtherAddressesStillGetIn() {
        List<WsClient> attackers = openPending(ATTACKER, 3);

        WsClient extra = pendingFrom(ATTACKER, "/ws/notify");

        assertThat(extra.awaitCloseCode()).isEqualTo(1013);
        assertThat(extra.closeReason()).isEqualTo("too many unauthenticated sockets from your address");
        assertThat(attackers).noneMatch(WsClient::isClosed);
        WsClient neighbour = pendingFrom("198.51.100.9", "/ws/chat");
        String frank = uniqueUser("frank");
        neighbour.send(frame("type", "INIT", "token", tokenFor(frank)));
        assertThat(neighbour.expect("READY").path("userId").asString()).isEqualTo(frank);
        // A socket that goes away gives its address the room back.
        attackers.get(0).close();
        awaitPending(2);
        WsClient again = pendingFrom(ATTACKER, "/ws/chat");
        again.send(frame("type", "INIT", "token", tokenFor(frank)));
        again.expect("READY");
    }

    @Test
    void browsersAuthenticatingAtTheHandshakeGetReadyOnEveryEndpointWhileThePendingCapIsFull() {
        openPending("203.0.113.8", 3);
        openPending("203.0.113.9", 3);
        assertThat(pendingFrom("203.0.113.10", "/ws/chat").awaitCloseCode()).as("node cap full").isEqualTo(1013);

        for (String path : List.of("/ws/chat", "/ws/notify", "/ws/crowd/location")) {
            String grace = uniqueUser("grace");
            WsClient browser = track(WsClient.connect(wsUri(path), Map.of("X-Forwarded-For", "203.0.113.8"),
                    browserProtocols(tokenFor(grace))));

            assertThat(browser.expect("READY").path("userId").asString()).as(path).isEqualTo(grace);
            assertThat(browser.subprotocol()).isEqualTo("chat.v1");
        }
    }

    /** Opens {@code count} token-less sockets from one address, spread over the endpoints, and waits until counted. */
    private List<WsClient> openPending(String address, int count) {
        double before = pendingGauge();
        List<String> paths = List.of("/ws/chat", "/ws/notify", "/ws/crowd/location");
        List<WsClient> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(pendingFrom(address, paths.get(i % paths.size())));
        }
        // A client sees the handshake answered before the server has counted the socket: wait for the count, so
        // that the next socket is the one beyond the cap.
        awaitPending(before + count);
        return sockets;
    }

    private WsClient pendingFrom(String address, String path) {
        return track(WsClient.connect(wsUri(path), Map.of("X-Forwarded-For", address)));
    }

    private void awaitPending(double count) {
        await().atMost(WsClient.WAIT).until(() -> pendingGauge() == count);
    }

    private double pendingGauge() {
        return meters.get("chat.ws.sessions.pending").gauge().value();
    }
}
