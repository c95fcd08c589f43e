package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * {@code chat.ws.max-sessions-per-user} holds when one user's handshakes reach the handler at the same moment on
 * several container threads: exactly the limit get READY, every other socket is closed with 1008, whatever the
 * interleaving. Counting the user's sessions and filing the new one used to be two steps, and handshakes that all
 * counted before any filed all got in.
 */
class SessionCapRaceTest {

    static final int LIMIT = 3;
    static final int HANDSHAKES = 8;
    static final int ROUNDS = 500;

    private final HandlerHarness harness = new HandlerHarness(new WsProperties(List.of(), Duration.ofSeconds(10),
            Duration.ofSeconds(10), DataSize.ofMegabytes(1), DataSize.ofKilobytes(64), DataSize.ofBytes(512), false,
            Duration.ofSeconds(1), Duration.ofSeconds(2), 1_000_000, 1_000_000, 200, true, LIMIT, 2000, 2000,
            Duration.ofSeconds(30), Duration.ofSeconds(15), 100, 0, Duration.ofMillis(10)));
    private final SessionHandler handler = harness.handler(Endpoint.CHAT);
    private final ExecutorService threads = Executors.newFixedThreadPool(HANDSHAKES);

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        harness.close();
    }

    @Test
    void handshakesOfOneUserArrivingTogetherNeverPassTheLimit() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String userId = "crowd-" + round;
            List<HandlerHarness.Connection> connections = new ArrayList<>();
            for (int i = 0; i < HANDSHAKES; i++) {
                connections.add(harness.prepareAuthenticated(handler, userId));
            }
            CyclicBarrier together = new CyclicBarrier(HANDSHAKES);
            List<Future<?>> arrivals = new ArrayList<>();
            for (HandlerHarness.Connection connection : connections) {
                arrivals.add(threads.submit(() -> {
                    together.await();
                    connection.establish();
                    return null;
                }));
            }
            for (Future<?> arrival : arrivals) {
                arrival.get(10, TimeUnit.SECONDS);
            }

            List<HandlerHarness.Connection> admitted = connections.stream()
                    .filter(connection -> connection.closeStatus() == null).toList();
            assertThat(admitted).as("round %d: sessions admitted of %d handshakes", round, HANDSHAKES)
                    .hasSize(LIMIT)
                    .allMatch(connection -> connection.sent().size() == 1
                            && connection.sent().get(0).contains("\"READY\""));
            assertThat(connections).filteredOn(connection -> connection.closeStatus() != null)
                    .allMatch(connection -> connection.closeStatus().getCode() == 1008
                            && connection.sent().isEmpty());
            assertThat(harness.support().registry.sessionsOf(Endpoint.CHAT, userId)).hasSize(LIMIT);
            connections.forEach(HandlerHarness.Connection::disconnect);
            assertThat(harness.support().registry.sessionsOf(Endpoint.CHAT, userId)).isEmpty();
        }
    }
}
