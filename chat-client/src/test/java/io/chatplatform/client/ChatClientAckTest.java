package io.chatplatform.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The outbox against a server that repeats its answers or says nothing, as the JavaScript client behaves: one
 * {@code ack} event per send, and a resend after the ACK timeout on a live connection.
 */
class ChatClientAckTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Test
    void ackEventComesOncePerSendThoughTheServerAcksEveryResend() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").build()) {
            BlockingQueue<Frame> seen = record(client);
            connect(client, server);

            CompletableFuture<Ack> sending = client.send(1, "hello");
            String clientMsgId = server.expect("SEND", WITHIN).string("clientMsgId");
            String ack = "{\"type\":\"ACK\",\"roomId\":1,\"clientMsgId\":\"" + clientMsgId + "\",\"messageId\":7,\"seq\":1}";
            server.send(ack);
            server.send(ack); // the answer to a resend that crossed the first ACK
            server.send(ack);
            List<Frame> events = upToMarker(server, seen);

            assertThat(sending.get(10, TimeUnit.SECONDS)).isEqualTo(new Ack(1, clientMsgId, 7, 1));
            assertThat(events).filteredOn(f -> "ack".equals(f.event()))
                    .extracting(f -> f.string("clientMsgId")).containsExactly(clientMsgId);
        }
    }

    @Test
    void sendSettledByItsOwnMessageHasOneAckEventAndItsLaterAckIsDropped() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").build()) {
            BlockingQueue<Frame> seen = record(client);
            connect(client, server);

            CompletableFuture<Ack> sending = client.send(1, "hello");
            String clientMsgId = server.expect("SEND", WITHIN).string("clientMsgId");
            server.send("{\"type\":\"MESSAGE\",\"roomId\":1,\"rev\":1,\"messageId\":7,\"seq\":1,\"senderId\":\"me\","
                    + "\"clientMsgId\":\"" + clientMsgId + "\",\"body\":\"hello\"}");
            server.send("{\"type\":\"ACK\",\"roomId\":1,\"clientMsgId\":\"" + clientMsgId + "\",\"messageId\":7,\"seq\":1}");
            List<Frame> events = upToMarker(server, seen);

            assertThat(sending.get(10, TimeUnit.SECONDS)).isEqualTo(new Ack(1, clientMsgId, 7, 1));
            List<Frame> acksAndMessages = events.stream()
                    .filter(f -> "ack".equals(f.event()) || "message".equals(f.event())).toList();
            assertThat(acksAndMessages).extracting(Frame::type).containsExactly("ACK", "MESSAGE");
            assertThat(Ack.of(acksAndMessages.get(0))).isEqualTo(new Ack(1, clientMsgId, 7, 1));
        }
    }

    @Test
    void sendWithNoAnswerOnALiveConnectionGoesAgainAfterTheAckTimeoutWithTheSameClientMsgId() throws Exception {
        Duration ackTimeout = Duration.ofMillis(300);
        try (ScriptedServer server = new ScriptedServer();
                ChatClient client = ChatClient.builder(server.uri()).token("t.e.k").ackTimeout(ackTimeout).build()) {
            BlockingQueue<Frame> seen = record(client);
            connect(client, server);

            long sentAt = System.nanoTime(); // before the send: its timer starts when it leaves, before it arrives
            CompletableFuture<Ack> sending = client.send(1, "hello");
            String clientMsgId = server.expect("SEND", WITHIN).string("clientMsgId");

            Frame again = server.expect("SEND", WITHIN);
            // a lower bound only: the resend waits at least the timeout, however loaded the machine is
            assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isGreaterThanOrEqualTo(ackTimeout);
            assertThat(again.string("clientMsgId")).isEqualTo(clientMsgId);
            assertThat(again.string("body")).isEqualTo("hello");
            assertThat(sending).isNotDone();
            assertThat(client.pending()).isEqualTo(1);
            assertThat(client.state()).isEqualTo(ConnectionState.OPEN);

            // still unanswered: it keeps going, on the same connection
            assertThat(server.expect("SEND", WITHIN).string("clientMsgId")).isEqualTo(clientMsgId);

            server.send("{\"type\":\"ACK\",\"roomId\":1,\"clientMsgId\":\"" + clientMsgId + "\",\"messageId\":7,\"seq\":1}");
            assertThat(sending.get(10, TimeUnit.SECONDS)).isEqualTo(new Ack(1, clientMsgId, 7, 1));
            assertThat(client.pending()).isZero();
            assertThat(upToMarker(server, seen)).filteredOn(f -> "ack".equals(f.event())).hasSize(1);
        }
    }

    private static BlockingQueue<Frame> record(ChatClient client) {
        BlockingQueue<Frame> seen = new LinkedBlockingQueue<>();
        client.on("*", seen::add);
        return seen;
    }

    private static void connect(ChatClient client, ScriptedServer server) throws Exception {
        CompletableFuture<Void> ready = client.connect();
        server.send("{\"type\":\"READY\",\"userId\":\"me\",\"sessionId\":\"s\",\"expiresAt\":\""
                + Instant.now().plus(Duration.ofHours(1)) + "\"}");
        ready.get(10, TimeUnit.SECONDS);
    }

    /**
     * The events not taken yet, up to a TYPING frame sent now: events keep the order of the frames, so every event of
     * the frames sent before it has come by then.
     */
    private static List<Frame> upToMarker(ScriptedServer server, BlockingQueue<Frame> seen) throws Exception {
        server.send("{\"type\":\"TYPING\",\"roomId\":99,\"userId\":\"marker\"}");
        List<Frame> events = new ArrayList<>();
        while (true) {
            Frame event = seen.poll(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("the marker's event within " + WITHIN).isNotNull();
            if ("marker".equals(event.string("userId"))) {
                return events;
            }
            events.add(event);
        }
    }
}
