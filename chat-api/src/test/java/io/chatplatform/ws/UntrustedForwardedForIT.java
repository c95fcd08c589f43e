package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code X-Forwarded-For} counts only from a trusted proxy: here the only trusted proxy is an address no test
 * connects from, so a client on 127.0.0.1 that makes up a new forwarded address for every socket still has all of
 * them counted against 127.0.0.1, and the socket beyond the per-address cap is closed with 1013.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chat.ws.max-pending-sessions-per-address=2", "chat.ws.init-timeout=30s",
        "server.forward-headers-strategy=native", "server.tomcat.remoteip.internal-proxies=192\\.0\\.2\\.1"})
class UntrustedForwardedForIT extends ChatServerTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void forwardedForFromAPeerThatIsNotATrustedProxyIsIgnored() {
        List<WsClient> pending = List.of(
                track(WsClient.connect(wsUri("/ws/chat"), Map.of("X-Forwarded-For", "198.51.100.1"))),
                track(WsClient.connect(wsUri("/ws/notify"), Map.of("X-Forwarded-For", "198.51.100.2"))));
        await().atMost(WsClient.WAIT).until(() -> meters.get("chat.ws.sessions.pending").gauge().value() == 2);

        WsClient spoofed = track(WsClient.connect(wsUri("/ws/chat"), Map.of("X-Forwarded-For", "198.51.100.3")));

        assertThat(spoofed.awaitCloseCode()).isEqualTo(1013);
        assertThat(spoofed.closeReason()).isEqualTo("too many unauthenticated sockets from your address");
        assertThat(pending).noneMatch(WsClient::isClosed);
    }
}
