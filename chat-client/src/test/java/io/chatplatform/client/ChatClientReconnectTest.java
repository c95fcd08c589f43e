package io.chatplatform.client;

import static io.chatplatform.client.ChatClientRefusalTest.ready;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the connection comes back after it is lost. */
class ChatClientReconnectTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Test
    void theBackoffStartsOverOnlyAfterAConnectionStayedUpAWhile() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k")
                        .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                        .random(() -> 0.999) // each wait at its ceiling: 200, 400, 800, 1600 ms…
                        .pingInterval(Duration.ofMillis(400)) // healthy after min(5 s, the ping interval)
                        .build()) {
            client.connect();
            long lastWait = 0;
            for (int connection = 1; connection <= 5; connection++) {
                long lost = System.nanoTime();
                server.awaitHandshakes(connection, WITHIN);
                lastWait = Duration.ofNanos(System.nanoTime() - lost).toMillis();
                ready(server);
                server.close(1011, "dies just after READY");
            }
            // Without the reset at each READY, the fifth connection came after the fourth wait: 1600 ms, not 200.
            assertThat(lastWait).isGreaterThan(1000);

            // One that stays up past the ping interval (it answers two PINGs) resets it: the next wait is 200 ms again.
            server.awaitHandshakes(6, WITHIN);
            ready(server);
            for (int ping = 0; ping < 2; ping++) {
                server.expect("PING", WITHIN);
                server.send("{\"type\":\"PONG\"}");
            }
            long lost = System.nanoTime();
            server.close(1011, "dies after a while");
            server.awaitHandshakes(7, WITHIN);
            assertThat(Duration.ofNanos(System.nanoTime() - lost).toMillis()).isLessThan(1000);
        }
    }

    @Test
    void aSilentConnectionIsDroppedAboutTwoPingIntervalsAfterItsLastFrame() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k")
                        .pingInterval(Duration.ofSeconds(1))
                        .backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
            client.connect();
            server.awaitHandshakes(1, WITHIN);
            ready(server);
            server.expect("PING", WITHIN);
            server.send("{\"type\":\"PONG\"}"); // the last frame, just after a PING; then silence
            long lastFrame = System.nanoTime();

            server.awaitHandshakes(2, WITHIN); // dropped, and reconnected at once
            long silent = Duration.ofNanos(System.nanoTime() - lastFrame).toMillis();
            // twice the interval and a tick, not the three intervals of a check made only at each PING
            assertThat(silent).isBetween(1900L, 2700L);
        }
    }
}
