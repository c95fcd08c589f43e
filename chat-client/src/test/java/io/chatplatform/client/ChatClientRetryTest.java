package io.chatplatform.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The outbox's answers to refusals that handled nothing, against a server whose frames the test writes. */
class ChatClientRetryTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Test
    void sendAnsweredUnavailableStaysInTheOutboxAndGoesAgainAfterRetryAfterMsWithTheSameClientMsgId() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").build()) {
            CompletableFuture<Void> ready = client.connect();
            server.send("{\"type\":\"READY\",\"userId\":\"me\",\"sessionId\":\"s\",\"expiresAt\":\""
                    + Instant.now().plus(Duration.ofHours(1)) + "\"}");
            ready.get(10, TimeUnit.SECONDS);

            CompletableFuture<Ack> sending = client.send(1, "hello");
            String clientMsgId = server.expect("SEND", WITHIN).string("clientMsgId");
            long refusedAt = System.nanoTime();
            server.send("{\"type\":\"ERROR\",\"code\":\"UNAVAILABLE\",\"ref\":\"" + clientMsgId
                    + "\",\"retryAfterMs\":300,\"message\":\"try later\"}");

            Frame again = server.expect("SEND", WITHIN);
            // a lower bound only: the resend waits at least retryAfterMs, however loaded the machine is
            assertThat(Duration.ofNanos(System.nanoTime() - refusedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(again.string("clientMsgId")).isEqualTo(clientMsgId);
            assertThat(again.string("body")).isEqualTo("hello");
            assertThat(sending).isNotDone();
            assertThat(client.pending()).isEqualTo(1);

            // without retryAfterMs: the default wait, and still the same message
            server.send("{\"type\":\"ERROR\",\"code\":\"UNAVAILABLE\",\"ref\":\"" + clientMsgId + "\"}");
            assertThat(server.expect("SEND", WITHIN).string("clientMsgId")).isEqualTo(clientMsgId);
            assertThat(sending).isNotDone();

            server.send("{\"type\":\"ACK\",\"roomId\":1,\"clientMsgId\":\"" + clientMsgId
                    + "\",\"messageId\":7,\"seq\":1}");
            assertThat(sending.get(10, TimeUnit.SECONDS)).isEqualTo(new Ack(1, clientMsgId, 7, 1));
            assertThat(client.pending()).isZero();
        }
    }
}
