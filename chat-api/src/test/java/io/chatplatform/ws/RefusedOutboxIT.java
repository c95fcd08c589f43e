package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The same 500 SENDs at once, with pacing off ({@code chat.ws.rate-pacing=false}): past the burst every SEND is
 * refused by name ({@code ref} = its clientMsgId) with a {@code retryAfterMs}, and a client that resends exactly
 * the named frames, each after its own retryAfterMs, drains its outbox: every message stored exactly once, the
 * connection open. The flood limit is raised past the outbox, since 400 refusals in a row would otherwise be read
 * as flooding (docs/protocol.md §10.3).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chat.ws.rate-pacing=false", "chat.ws.flood-limit=1000"})
class RefusedOutboxIT extends ChatServerTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void fiveHundredSendsAtOnceDrainWhenTheClientResendsExactlyTheNamedOnesAfterRetryAfterMs() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient socket = chat(alice);
        List<String> outbox = OutboxDrainIT.outbox(alice);
        outbox.forEach(id -> socket.send(sendFrame(roomId, id, "queued while offline: " + id)));

        ScheduledExecutorService resender = Executors.newSingleThreadScheduledExecutor();
        int[] handledErrors = {0};
        try {
            await().atMost(OutboxDrainIT.DRAIN).pollInterval(Duration.ofMillis(20)).until(() -> {
                List<JsonNode> errors = socket.received("ERROR");
                for (; handledErrors[0] < errors.size(); handledErrors[0]++) {
                    JsonNode error = errors.get(handledErrors[0]);
                    assertThat(error.path("code").asString()).isEqualTo("RATE_LIMITED");
                    String id = error.path("ref").asString();
                    assertThat(outbox).as("the refused frame's name").contains(id);
                    long retryAfterMs = error.path("retryAfterMs").asLong();
                    assertThat(retryAfterMs).isPositive();
                    resender.schedule(() -> socket.send(sendFrame(roomId, id, "queued while offline: " + id)),
                            retryAfterMs, TimeUnit.MILLISECONDS);
                }
                return socket.received("ACK").size() >= outbox.size();
            });
        } finally {
            resender.shutdownNow();
        }

        assertThat(handledErrors[0]).as("SENDs refused and resent").isGreaterThanOrEqualTo(300);
        assertThat(socket.isClosed()).isFalse();
        OutboxDrainIT.assertEveryOneAckedOnce(socket.received("ACK"), outbox);
        OutboxDrainIT.assertStoredExactlyOnce(jdbc, rest, tokenFor(alice), roomId, alice, outbox);
    }
}
