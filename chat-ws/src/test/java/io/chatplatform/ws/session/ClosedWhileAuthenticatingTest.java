package io.chatplatform.ws.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pending session can close while its INIT's token is being checked: the INIT timeout's sweep closes it, or the
 * client goes away, and the container reports the close on another thread. The close then finds a session with no
 * user yet. The INIT must not file it afterwards: a session filed after its close stays in the registry for good,
 * its user shown online and holding one of their session slots, with no socket behind it.
 */
class ClosedWhileAuthenticatingTest {

    static final int ROUNDS = 500;

    private final HandlerHarness harness = new HandlerHarness();
    private final SessionHandler handler = harness.handler(Endpoint.CHAT);
    private final SessionRegistry registry = harness.support().registry;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        harness.close();
    }

    @Test
    void aSessionClosedWhileItsInitTokenIsCheckedIsNeverFiled() throws Exception {
        HandlerHarness.Connection connection = harness.openPending(handler);
        harness.whileVerifying(connection::disconnect);

        connection.receive(init("alice"));

        assertThat(connection.sent()).as("no READY for a closed socket").isEmpty();
        assertThat(registry.isOnline(Endpoint.CHAT, "alice")).isFalse();
        assertThat(registry.sessionsOf(Endpoint.CHAT, "alice")).isEmpty();
        assertThat(registry.authenticatedCount(Endpoint.CHAT)).isZero();
        assertThat(registry.size()).isZero();
    }

    /**
     * The account is deleted while the INIT's token is checked: the check passed, and the deletion's sweep of open
     * sessions ran before the session was filed, so it found nothing. The session asks again once filed.
     */
    @Test
    void aSessionWhoseTokenIsRevokedWhileItIsAuthenticatedIsClosedNotMadeReady() throws Exception {
        HandlerHarness.Connection connection = harness.openPending(handler);
        harness.whileVerifying(() -> harness.revoke("alice")); // ... and the sweep finds no session of alice's

        connection.receive(init("alice"));

        assertThat(connection.closeStatus()).isNotNull();
        assertThat(connection.closeStatus().getCode()).isEqualTo(4401);
        assertThat(connection.sent()).as("no READY").noneMatch(frame -> frame.contains("\"READY\""));
    }

    @Test
    void whicheverComesFirstAnInitRacingItsCloseLeavesNothingFiled() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String userId = "racer-" + round;
            HandlerHarness.Connection connection = harness.openPending(handler);
            CyclicBarrier together = new CyclicBarrier(2);
            Future<?> init = threads.submit(() -> {
                together.await();
                connection.receive(init(userId));
                return null;
            });
            Future<?> close = threads.submit(() -> {
                together.await();
                connection.disconnect();
                return null;
            });
            init.get(10, TimeUnit.SECONDS);
            close.get(10, TimeUnit.SECONDS);

            assertThat(registry.sessionsOf(Endpoint.CHAT, userId)).as("round %d", round).isEmpty();
            assertThat(registry.isOnline(Endpoint.CHAT, userId)).as("round %d", round).isFalse();
            assertThat(registry.size()).as("round %d", round).isZero();
        }
    }

    private static String init(String userId) {
        return "{\"type\":\"INIT\",\"token\":\"" + HandlerHarness.validToken(userId) + "\"}";
    }
}
