package io.chatplatform.client;

import static io.chatplatform.client.ChatClientRefusalTest.connect;
import static io.chatplatform.client.ChatClientRefusalTest.failure;
import static io.chatplatform.client.ChatClientRefusalTest.framesUpToMarker;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Flow control of the outbox, as the JavaScript client's {@code maxInFlight}: at most that many SENDs unanswered at
 * once, and after RATE_LIMITED a pause and a window that starts again from one.
 */
class ChatClientFlowTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Test
    void longOutboxDrainsThroughAServerWithPacingOffInPiecesInOrderWithoutFloodingIt() throws Exception {
        int count = 60;
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").maxInFlight(8).build()) {
            List<CompletableFuture<Ack>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sends.add(client.send(1, "m" + i));
            }
            connect(client, server);

            // The server, as chat.ws.rate-pacing=false with a flood-limit of 10: a bucket of 4 frames, one more every
            // 50 ms; a frame over it is refused RATE_LIMITED with a retryAfterMs of 250 ms, and so is every frame
            // until then (so that a SEND sent behind a refused one is never stored before it, however this machine
            // spreads the frames in time: the order checked below is the client's alone); more than 10 refusals in a
            // row fail the test, where the server would close with 1008.
            double tokens = 4;
            long refilledAt = System.nanoTime();
            long refusingUntil = 0;
            int refusedInARow = 0;
            List<String> stored = new ArrayList<>();
            Set<String> storedIds = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (stored.size() < count) {
                assertThat(System.nanoTime()).as("all stored within 60 s").isLessThan(deadline);
                Frame send = server.expect("SEND", WITHIN);
                long now = System.nanoTime();
                tokens = Math.min(4, tokens + (now - refilledAt) / 50e6);
                refilledAt = now;
                String clientMsgId = send.string("clientMsgId");
                if (now >= refusingUntil && tokens >= 1) {
                    tokens -= 1;
                    refusedInARow = 0;
                    if (storedIds.add(clientMsgId)) {
                        stored.add(send.string("body"));
                    }
                    server.send("{\"type\":\"ACK\",\"roomId\":1,\"clientMsgId\":\"" + clientMsgId
                            + "\",\"messageId\":" + stored.size() + ",\"seq\":" + stored.size() + "}");
                } else {
                    refusedInARow++;
                    assertThat(refusedInARow).as("flooded: refusals in a row").isLessThanOrEqualTo(10);
                    if (now >= refusingUntil) {
                        refusingUntil = now + Duration.ofMillis(250).toNanos();
                    }
                    long retryAfterMs = Math.max(1, (refusingUntil - now) / 1_000_000);
                    server.send("{\"type\":\"ERROR\",\"code\":\"RATE_LIMITED\",\"ref\":\"" + clientMsgId
                            + "\",\"retryAfterMs\":" + retryAfterMs + "}");
                }
            }

            List<String> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add("m" + i);
                assertThat(sends.get(i).get(10, TimeUnit.SECONDS).seq()).isEqualTo(i + 1);
            }
            assertThat(stored).as("stored in the order sent").isEqualTo(sent);
            assertThat(client.pending()).isZero();
        }
    }

    @Test
    void atMostMaxInFlightSendsAreUnansweredAndTheNextGoesAsEachIsAnswered() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").maxInFlight(3).build()) {
            connect(client, server);
            List<CompletableFuture<Ack>> sends = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sends.add(client.send(1, "m" + i, SendOptions.none().withClientMsgId("c" + i)));
            }
            assertThat(framesUpToMarker(client, server)).extracting(f -> f.string("body"))
                    .containsExactly("m0", "m1", "m2");

            server.send("{\"type\":\"ACK\",\"roomId\":1,\"clientMsgId\":\"c0\",\"messageId\":1,\"seq\":1}");
            assertThat(server.expect("SEND", WITHIN).string("body")).isEqualTo("m3");
            assertThat(framesUpToMarker(client, server)).isEmpty();

            server.send("{\"type\":\"ERROR\",\"code\":\"BAD_REQUEST\",\"ref\":\"c1\",\"message\":\"no\"}");
            assertThat(failure(sends.get(1))).isEqualTo("BAD_REQUEST");
            assertThat(server.expect("SEND", WITHIN).string("body")).isEqualTo("m4");
        }
    }

    @Test
    void afterARateLimitedRefusalTheWindowGrowsByOnePerAckNotByDoubling() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").maxInFlight(8).build()) {
            connect(client, server);
            client.send(1, "m0", SendOptions.none().withClientMsgId("c0"));
            assertThat(server.expect("SEND", WITHIN).string("body")).isEqualTo("m0");
            for (int i = 1; i < 10; i++) {
                client.send(1, "m" + i, SendOptions.none().withClientMsgId("c" + i));
            }
            server.send("{\"type\":\"ERROR\",\"code\":\"RATE_LIMITED\",\"ref\":\"c0\",\"retryAfterMs\":50}");
            // the 7 sent meanwhile, then, after retryAfterMs, the refused one again, alone
            for (int i = 1; i < 8; i++) {
                server.expect("SEND", WITHIN);
            }
            for (int i = 1; i < 8; i++) {
                server.send("{\"type\":\"ERROR\",\"code\":\"RATE_LIMITED\",\"ref\":\"c" + i
                        + "\",\"retryAfterMs\":50}");
            }
            assertThat(server.expect("SEND", WITHIN).string("body")).isEqualTo("m0");
            assertThat(framesUpToMarker(client, server)).isEmpty();

            server.send("{\"type\":\"ACK\",\"roomId\":1,\"clientMsgId\":\"c0\",\"messageId\":1,\"seq\":1}");
            assertThat(server.expect("SEND", WITHIN).string("body")).isEqualTo("m1");
            assertThat(server.expect("SEND", WITHIN).string("body")).isEqualTo("m2");
            assertThat(framesUpToMarker(client, server)).isEmpty(); // a window of 2

            server.send("{\"type\":\"ACK\",\"roomId\":1,\"clientMsgId\":\"c1\",\"messageId\":2,\"seq\":2}");
            // a window of 3, not 4: m2 and two more
            assertThat(server.expect("SEND", WITHIN).string("body")).isEqualTo("m3");
            assertThat(server.expect("SEND", WITHIN).string("body")).isEqualTo("m4");
            assertThat(framesUpToMarker(client, server)).isEmpty();
        }
    }
}
