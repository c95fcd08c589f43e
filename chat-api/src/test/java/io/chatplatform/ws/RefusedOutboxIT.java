package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.client.Ack;
import io.chatplatform.client.ChatClient;
import io.chatplatform.client.ConnectionState;
import io.chatplatform.client.Frame;
import io.chatplatform.client.SendOptions;
import io.chatplatform.testing.ChatServerTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The same 500 SENDs at once, with pacing off ({@code chat.ws.rate-pacing=false}): past the burst every SEND is
 * refused by name ({@code ref} = its clientMsgId) with a {@code retryAfterMs}, and a client that resends exactly
 * the named frames, each after its own retryAfterMs, drains its outbox: every message stored exactly once, the
 * connection open. The client is the Java client (chat-client), which does exactly that. The flood limit is raised
 * past the outbox, since 400 refusals in a row would otherwise be read as flooding (docs/protocol.md §10.3).
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
        List<String> outbox = OutboxDrainIT.outbox(alice);
        List<Frame> errors = new CopyOnWriteArrayList<>();
        List<Frame> states = new CopyOnWriteArrayList<>();
        // The whole outbox at once, as a client without flow control sends it: the server's side is what is tested
        // here (the client's own window, 64 by default, would keep most of the 500 from going at once).
        try (ChatClient client = ChatClient.builder(wsUri("/ws/chat")).token(tokenFor(alice)).maxInFlight(500)
                .build()) {
            client.on("error", errors::add);
            client.on("state", states::add);
            client.connect().join();

            List<CompletableFuture<Ack>> acks = outbox.stream()
                    .map(id -> client.send(roomId, "queued while offline: " + id, SendOptions.none().withClientMsgId(id)))
                    .toList();
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .orTimeout(OutboxDrainIT.DRAIN.toSeconds(), TimeUnit.SECONDS).join();

            assertThat(client.state()).isEqualTo(ConnectionState.OPEN);
            assertThat(states).extracting(s -> s.string("state")).containsExactly("CONNECTING", "OPEN");
        }

        assertThat(errors.size()).as("SENDs refused and resent").isGreaterThanOrEqualTo(300);
        assertThat(errors).allSatisfy(error -> {
            assertThat(error.string("code")).isEqualTo("RATE_LIMITED");
            assertThat(outbox).as("the refused frame's name").contains(error.string("ref"));
            assertThat(error.longValue("retryAfterMs")).isPositive();
        });
        OutboxDrainIT.assertStoredExactlyOnce(jdbc, rest, tokenFor(alice), roomId, alice, outbox);
    }
}
