package io.chatplatform.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the client gives up on, and what it must not give up on, as the JavaScript client: a SEND the server can never
 * take (too large), a SYNC it can never answer (BAD_REQUEST), a room lost while away, the sends of a stopped client,
 * and a token supplier that renews late.
 */
class ChatClientRefusalTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Test
    void sendLargerThanMaxFrameBytesIsRefusedAtOnceAndAfterA1009CloseOnlyTheLargestSendIsRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").maxFrameBytes(1000)
                        .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build()) {
            connect(client, server);

            CompletableFuture<Ack> tooBig = client.send(1, "x".repeat(1000));
            assertThat(failure(tooBig)).isEqualTo("TOO_LARGE");
            assertThat(framesUpToMarker(client, server)).extracting(Frame::type).doesNotContain("SEND");

            // a server whose limit is lower than the client's: it closes the socket (1009) for the big one
            CompletableFuture<Ack> big = client.send(1, "y".repeat(800));
            CompletableFuture<Ack> small = client.send(1, "small");
            assertThat(server.expect("SEND", WITHIN).string("body")).startsWith("yyy");
            assertThat(server.expect("SEND", WITHIN).string("body")).isEqualTo("small");
            server.close(1009, "message too big");
            assertThat(failure(big)).isEqualTo("TOO_LARGE");

            server.awaitHandshakes(2, WITHIN);
            ready(server);
            Frame again = server.expect("SEND", WITHIN);
            assertThat(again.string("body")).isEqualTo("small"); // the rest of the outbox goes on
            server.send("{\"type\":\"ACK\",\"roomId\":1,\"clientMsgId\":\"" + again.string("clientMsgId")
                    + "\",\"messageId\":7,\"seq\":1}");
            assertThat(small.get(10, TimeUnit.SECONDS).seq()).isEqualTo(1);
            assertThat(framesUpToMarker(client, server)).extracting(Frame::type).doesNotContain("SEND");
            assertThat(client.pending()).isZero();
        }
    }

    @Test
    void framesAreMeasuredInCharactersAsTheServerDoesForTheLimitAndForTheBlameOfA1009() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").maxFrameBytes(2000)
                        .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build()) {
            connect(client, server);

            // 1500 '€': about 1560 characters, the server's measure, under the limit; 4560 bytes in UTF-8
            CompletableFuture<Ack> euros = client.send(1, "€".repeat(1500));
            Frame sent = server.expect("SEND", WITHIN);
            assertThat(sent.string("body")).hasSize(1500);
            // a longer frame in characters, shorter in bytes: what a server with a lower limit closes the socket for
            assertThat(client.edit(1, 5, "x".repeat(1800))).isTrue();
            server.expect("EDIT", WITHIN);
            server.close(1009, "message too big");

            server.awaitHandshakes(2, WITHIN);
            ready(server);
            Frame again = server.expect("SEND", WITHIN); // not blamed: it goes again
            assertThat(again.string("clientMsgId")).isEqualTo(sent.string("clientMsgId"));
            server.send("{\"type\":\"ACK\",\"roomId\":1,\"clientMsgId\":\"" + again.string("clientMsgId")
                    + "\",\"messageId\":7,\"seq\":1}");
            assertThat(euros.get(10, TimeUnit.SECONDS).seq()).isEqualTo(1);
        }
    }

    @Test
    void sendWithAttributesThatHaveNoJsonFormFailsWithBadRequestInsteadOfThrowing() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").build()) {
            connect(client, server);

            CompletableFuture<Ack> nan = client.send(1, "x", SendOptions.none()
                    .withAttributes(java.util.Map.of("score", Double.NaN)));

            assertThat(failure(nan)).isEqualTo("BAD_REQUEST");
            assertThat(framesUpToMarker(client, server)).extracting(Frame::type).doesNotContain("SEND");
            assertThat(client.pending()).isZero();
        }
    }

    @Test
    void editLargerThanMaxFrameBytesIsNotSentAndSaysSoWithATooLargeErrorEvent() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").maxFrameBytes(1000).build()) {
            BlockingQueue<Frame> errors = new LinkedBlockingQueue<>();
            client.on("error", errors::add);
            connect(client, server);

            assertThat(client.edit(1, 5, "x".repeat(1000))).isFalse();
            Frame error = errors.poll(10, TimeUnit.SECONDS);
            assertThat(error).isNotNull();
            assertThat(error.string("code")).isEqualTo("TOO_LARGE");
            assertThat(client.edit(1, 5, "short")).isTrue();
            assertThat(framesUpToMarker(client, server)).extracting(f -> f.string("body")).containsExactly("short");
            assertThat(client.state()).isEqualTo(ConnectionState.OPEN);
        }
    }

    @Test
    void syncRefusedBadRequestIsNotRepeatedAndItsRoomIsNoLongerFollowed() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").build()) {
            connect(client, server);

            CompletableFuture<Long> caughtUp = client.sync(2);
            assertThat(server.expect("SYNC", WITHIN).longValue("roomId")).isEqualTo(2);
            server.send("{\"type\":\"ERROR\",\"code\":\"BAD_REQUEST\",\"ref\":\"SYNC\","
                    + "\"message\":\"limit must be positive\"}");

            assertThat(failure(caughtUp)).isEqualTo("BAD_REQUEST");
            // For longer than the 1 s after which a SYNC refused for a while goes again.
            await().during(Duration.ofMillis(1500)).atMost(WITHIN).until(() -> !server.holds("SYNC"));
            assertThat(framesUpToMarker(client, server)).extracting(Frame::type).doesNotContain("SYNC");
            assertThat(client.rev(2)).isEmpty();
        }
    }

    @Test
    void roomLostWhileAwayIsReportedByARoomLostEventNamingIt() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").build()) {
            BlockingQueue<Frame> lost = new LinkedBlockingQueue<>();
            client.on("room_lost", lost::add);
            connect(client, server);

            client.follow(1, 5);
            assertThat(server.expect("SYNC", WITHIN).longValue("roomId")).isEqualTo(1);
            server.send("{\"type\":\"ERROR\",\"code\":\"NOT_FOUND\",\"ref\":\"SYNC\","
                    + "\"message\":\"room 1 does not exist\"}");
            client.follow(2, 3);
            assertThat(server.expect("SYNC", WITHIN).longValue("roomId")).isEqualTo(2);
            server.send("{\"type\":\"ERROR\",\"code\":\"FORBIDDEN\",\"ref\":\"SYNC\",\"message\":\"not a member\"}");

            Frame first = lost.poll(10, TimeUnit.SECONDS);
            Frame second = lost.poll(10, TimeUnit.SECONDS);
            assertThat(first).isEqualTo(Frame.of("type", "room_lost", "roomId", 1L, "code", "NOT_FOUND",
                    "message", "room 1 does not exist"));
            assertThat(second).isEqualTo(Frame.of("type", "room_lost", "roomId", 2L, "code", "FORBIDDEN",
                    "message", "not a member"));
            assertThat(client.rev(1)).isEmpty();
            assertThat(client.rev(2)).isEmpty();
        }
    }

    @Test
    void sendsFailAtOnceOnceTheClientIsClosed() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").build()) {
            connect(client, server);
            CompletableFuture<Ack> waiting = client.send(1, "not answered");
            server.expect("SEND", WITHIN);

            client.close();
            assertThat(failure(waiting)).isEqualTo(ChatException.CLOSED);
            assertThat(failure(client.send(1, "after close"), Duration.ofSeconds(2))).isEqualTo(ChatException.CLOSED);
            assertThat(failure(client.sync(1), Duration.ofSeconds(2))).isEqualTo(ChatException.CLOSED);
        }
    }

    @Test
    void sendsFailWithTheRefusalOnceAFixedTokenIsRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").build()) {
            CompletableFuture<Void> ready = client.connect();
            CompletableFuture<Ack> waiting = client.send(1, "queued before the refusal");
            server.awaitHandshakes(1, WITHIN);
            server.close(4401, "token expired");

            assertThat(failure(ready)).isEqualTo("UNAUTHORIZED");
            assertThat(failure(waiting)).isEqualTo("UNAUTHORIZED");
            assertThat(failure(client.send(1, "after it"), Duration.ofSeconds(2))).isEqualTo("UNAUTHORIZED");
            assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        }
    }

    @Test
    void tokenThatTheSupplierStillGivesAfterItsExpIsNotOfferedButAskedForAgain() throws Exception {
        String expired = jwt(Instant.now().minusSeconds(120)); // past the 60 s of clock skew
        String fresh = jwt(Instant.now().plusSeconds(3600));
        AtomicBoolean renewed = new AtomicBoolean();
        AtomicInteger asked = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri())
                        .tokenSupplier(() -> {
                            asked.incrementAndGet();
                            return CompletableFuture.completedFuture(renewed.get() ? fresh : expired);
                        })
                        .backoff(Duration.ofMillis(20), Duration.ofMillis(100)).build()) {
            List<String> states = new ArrayList<>();
            client.on("state", s -> states.add(s.string("state")));
            CompletableFuture<Void> ready = client.connect();

            await().alias("the supplier is asked again").atMost(WITHIN).until(() -> asked.get() >= 4);
            assertThat(server.handshakes()).as("an expired token is not offered").isEmpty();

            renewed.set(true); // the application's renewal, a few seconds late
            server.awaitHandshakes(1, WITHIN);
            assertThat(server.handshakes()).containsExactly("Bearer " + fresh);
            ready(server);
            ready.get(10, TimeUnit.SECONDS);
            assertThat(states).doesNotContain("CLOSED");
        }
    }

    @Test
    void refusalsOfATokenJustPastItsExpDoNotEndTheClientTheSupplierIsAskedAgain() throws Exception {
        String late = jwt(Instant.now().minusSeconds(30)); // within the 60 s of clock skew: offered, the server refuses
        String fresh = jwt(Instant.now().plusSeconds(3600));
        AtomicBoolean renewed = new AtomicBoolean();
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri())
                        .tokenSupplier(() -> CompletableFuture.completedFuture(renewed.get() ? fresh : late))
                        .backoff(Duration.ofMillis(20), Duration.ofMillis(100)).build()) {
            List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();
            client.on("state", s -> states.add(s.string("state")));
            CompletableFuture<Void> ready = client.connect();

            for (int refused = 1; refused <= 4; refused++) { // more than the 3 refusals in a row that end the client
                server.awaitHandshakes(refused, WITHIN);
                assertThat(server.handshakes().get(refused - 1)).isEqualTo("Bearer " + late);
                server.close(4401, "token expired");
            }
            renewed.set(true); // the application's renewal, a little late
            await().atMost(WITHIN).until(() -> server.handshakes().contains("Bearer " + fresh));
            ready(server);
            ready.get(10, TimeUnit.SECONDS);
            assertThat(states).doesNotContain("CLOSED");
        }
    }

    @Test
    void aFixedTokenJustPastItsExpThatIsRefusedStillEndsTheClient() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token(jwt(Instant.now().minusSeconds(30)))
                        .build()) {
            CompletableFuture<Void> ready = client.connect();
            server.awaitHandshakes(1, WITHIN);
            server.close(4401, "token expired");

            assertThat(failure(ready)).isEqualTo("UNAUTHORIZED");
            await().atMost(WITHIN).until(() -> client.state() == ConnectionState.CLOSED);
        }
    }

    @Test
    void aTokenSupplierThatThrowsAtARefreshIsReportedAndAskedAgain() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri())
                        .tokenSupplier(() -> {
                            int call = asked.incrementAndGet();
                            if (call == 2) {
                                throw new IllegalStateException("the issuer is down");
                            }
                            return CompletableFuture.completedFuture("token-" + call);
                        }).build()) {
            BlockingQueue<Frame> errors = new LinkedBlockingQueue<>();
            client.on("error", errors::add);
            CompletableFuture<Void> ready = client.connect();
            server.awaitHandshakes(1, WITHIN);
            // a token that expires in 2 s: the refresh is due in 1.5 s
            server.send("{\"type\":\"READY\",\"userId\":\"me\",\"sessionId\":\"s\",\"expiresAt\":\""
                    + Instant.now().plusSeconds(2) + "\"}");
            ready.get(10, TimeUnit.SECONDS);

            Frame error = errors.poll(10, TimeUnit.SECONDS);
            assertThat(error).isNotNull();
            assertThat(error.string("code")).isEqualTo("UNAUTHORIZED");
            assertThat(error.string("message")).contains("the issuer is down");
            assertThat(server.expect("REFRESH", WITHIN).string("token")).isEqualTo("token-3");
        }
    }

    @Test
    void aStopFor4403Or4401OfAFixedTokenIsReportedByAnErrorEventWithTheReason() throws Exception {
        for (int code : new int[] {4403, 4401}) {
            try (ScriptedServer server = new ScriptedServer();
                    ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").build()) {
                BlockingQueue<Frame> errors = new LinkedBlockingQueue<>();
                client.on("error", errors::add);
                connect(client, server);

                server.close(code, "account deleted");

                Frame error = errors.poll(10, TimeUnit.SECONDS);
                assertThat(error).as("error event for " + code).isNotNull();
                assertThat(error.string("code")).isEqualTo(code == 4403 ? "FORBIDDEN" : "UNAUTHORIZED");
                assertThat(error.string("message")).contains(String.valueOf(code)).contains("account deleted");
                await().atMost(WITHIN).until(() -> client.state() == ConnectionState.CLOSED);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** A JWT whose payload the client can read (it never checks the signature). */
    static String jwt(Instant exp) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"sub\":\"me\",\"exp\":" + exp.getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".signature";
    }

    static void connect(ChatClient client, ScriptedServer server) throws Exception {
        CompletableFuture<Void> ready = client.connect();
        ready(server);
        ready.get(10, TimeUnit.SECONDS);
    }

    static void ready(ScriptedServer server) throws Exception {
        server.send("{\"type\":\"READY\",\"userId\":\"me\",\"sessionId\":\"s\",\"expiresAt\":\""
                + Instant.now().plus(Duration.ofHours(1)) + "\"}");
    }

    /** The code of the ChatException the future fails with within 10 s. */
    static String failure(CompletableFuture<?> future) throws Exception {
        return failure(future, WITHIN);
    }

    static String failure(CompletableFuture<?> future, Duration within) throws Exception {
        assertThatThrownBy(() -> future.get(within.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ChatException.class);
        try {
            future.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return ((ChatException) e.getCause()).code();
        }
    }

    /**
     * The frames from the client up to a TYPING it writes now: the client writes frames in the order of the calls
     * that make them, so every frame of the calls before it has come by then.
     */
    static List<Frame> framesUpToMarker(ChatClient client, ScriptedServer server) throws Exception {
        assertThat(client.typing(99)).isTrue();
        List<Frame> frames = new ArrayList<>();
        while (true) {
            Frame frame = server.next(f -> !"PING".equals(f.type()), WITHIN);
            if ("TYPING".equals(frame.type()) && Long.valueOf(99).equals(frame.longValue("roomId"))) {
                return frames;
            }
            frames.add(frame);
        }
    }
}
