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
 * Caps on sockets: at most 3 open sessions per user and endpoint (one more is closed with 1008), and at most 3
 * sockets waiting for INIT on the node (one more is closed with 1013), which keeps a handshake flood from filling
 * memory without keeping authenticated users out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chat.ws.max-sessions-per-user=3", "chat.ws.max-pending-sessions=3", "chat.ws.init-timeout=30s"})
class ConnectionLimitsIT extends ChatServerTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void oneSessionMoreThanTheLimitIsClosedWith1008AndTheOthersStayOpen() {
        String alice = uniqueUser("alice");
        List<WsClient> allowed = List.of(chat(alice), chat(alice), chat(alice));

        WsClient extra = track(WsClient.connect(wsUri("/ws/chat"),
                Map.of("Authorization", "Bearer " + tokenFor(alice))));

        assertThat(extra.awaitCloseCode()).isEqualTo(1008);
        assertThat(extra.received("READY")).isEmpty();
        for (WsClient open : allowed) {
            open.send(frame("type", "PING"));
            open.expect("PONG");
        }
        WsClient otherEndpoint = track(WsClient.connect(wsUri("/ws/notify"),
                Map.of("Authorization", "Bearer " + tokenFor(alice))));
        otherEndpoint.expect("READY");
    }

    /**
     * Three times the limit of handshakes per user, all at once over real sockets (for several users, to give the
     * container's threads every chance to interleave): exactly the limit of each user's sockets get READY, the
     * rest are closed with 1008 before READY.
     */
    @Test
    void handshakesOfOneUserAtOnceNeverPassTheLimit() throws Exception {
        int limit = 3;
        int users = 6;
        int perUser = 3 * limit;
        List<String> userIds = java.util.stream.IntStream.range(0, users).mapToObj(i -> uniqueUser("crowd")).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(users * perUser);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            Map<String, List<java.util.concurrent.Future<WsClient>>> byUser = new java.util.LinkedHashMap<>();
            for (String userId : userIds) {
                String token = tokenFor(userId);
                List<java.util.concurrent.Future<WsClient>> sockets = new java.util.ArrayList<>();
                for (int i = 0; i < perUser; i++) {
                    sockets.add(pool.submit(() -> {
                        start.await();
                        return WsClient.connect(wsUri("/ws/chat"), Map.of("Authorization", "Bearer " + token));
                    }));
                }
                byUser.put(userId, sockets);
            }
            start.countDown();

            for (Map.Entry<String, List<java.util.concurrent.Future<WsClient>>> user : byUser.entrySet()) {
                List<WsClient> sockets = new java.util.ArrayList<>();
                for (java.util.concurrent.Future<WsClient> socket : user.getValue()) {
                    sockets.add(track(socket.get(WsClient.WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)));
                }
                await().atMost(WsClient.WAIT).until(() -> sockets.stream()
                        .allMatch(socket -> socket.isClosed() || !socket.received("READY").isEmpty()));
                List<WsClient> ready = sockets.stream().filter(socket -> !socket.isClosed()).toList();
                assertThat(ready).as("sockets of %s that got READY", user.getKey()).hasSize(limit)
                        .allMatch(socket -> socket.received("READY").size() == 1);
                for (WsClient refused : sockets.stream().filter(WsClient::isClosed).toList()) {
                    assertThat(refused.awaitCloseCode()).isEqualTo(1008);
                    assertThat(refused.received("READY")).isEmpty();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingOneSessionMakesRoomForTheNext() {
        String bob = uniqueUser("bob");
        WsClient first = chat(bob);
        chat(bob);
        chat(bob);

        first.close();

        await().atMost(WsClient.WAIT).untilAsserted(() -> {
            WsClient again = track(WsClient.connect(wsUri("/ws/chat"),
                    Map.of("Authorization", "Bearer " + tokenFor(bob))));
            again.expect("READY");
        });
    }

    @Test
    void pendingSocketsBeyondTheCapAreClosedWith1013AndAuthenticatedUsersStillConnect() {
        List<WsClient> pending = List.of(
                track(WsClient.connect(wsUri("/ws/chat"), Map.of())),
                track(WsClient.connect(wsUri("/ws/notify"), Map.of())),
                track(WsClient.connect(wsUri("/ws/crowd/location"), Map.of())));
        // A client sees the handshake answered before the server has counted the socket: wait for the count, or
        // the extra socket below could be counted before one of these and the wrong one be turned away.
        await().atMost(WsClient.WAIT).until(() -> meters.get("chat.ws.sessions.pending").gauge().value() == 3);

        WsClient extra = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));

        assertThat(extra.awaitCloseCode()).isEqualTo(1013);
        assertThat(pending).noneMatch(WsClient::isClosed);
        String carol = uniqueUser("carol");
        WsClient authenticated = chat(carol);
        authenticated.send(frame("type", "PING"));
        authenticated.expect("PONG");
        pending.get(0).send(frame("type", "INIT", "token", tokenFor(uniqueUser("dave"))));
        pending.get(0).expect("READY");
        // The socket that authenticated left the pending count: a new pending socket fits again.
        WsClient next = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));
        next.send(frame("type", "INIT", "token", tokenFor(uniqueUser("erin"))));
        next.expect("READY");
    }
}
