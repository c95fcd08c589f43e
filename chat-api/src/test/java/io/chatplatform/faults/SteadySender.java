package io.chatplatform.faults;

import static io.chatplatform.testing.WsClient.sendFrame;

import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A client as docs/protocol.md tells it to behave: one SEND at a time, each until its ACK; an {@code ERROR
 * UNAVAILABLE} is resent with the same {@code clientMsgId} after its {@code retryAfterMs}. Records every answer and
 * how long it took, so that a test can say that no SEND went unanswered longer than the bound.
 */
final class SteadySender {

    /** One answer to one SEND attempt: ACK or an ERROR code, and the time from sending to receiving it. */
    record Answer(String clientMsgId, String kind, long millis, long sentAtNanos, long retryAfterMs) {
    }

    private final WsClient socket;
    private final long roomId;
    private final String prefix;
    private final Duration pace;
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, JsonNode> acks = new ConcurrentHashMap<>();
    private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopping;
    private CompletableFuture<Void> running;

    SteadySender(WsClient socket, long roomId, String prefix, Duration pace) {
        this.socket = socket;
        this.roomId = roomId;
        this.prefix = prefix;
        this.pace = pace;
    }

    SteadySender start() {
        // a thread of its own: the common pool has one thread on a 2-core machine, and senders must run side by side
        running = CompletableFuture.runAsync(this::loop, task -> {
            Thread thread = new Thread(task, "sender-" + prefix);
            thread.setDaemon(true);
            thread.start();
        });
        return this;
    }

    /** Sends no new message, waits until the one in hand is ACKed, and fails if any answer never came. */
    void stop() {
        stopping = true;
        running.orTimeout(60, TimeUnit.SECONDS).join();
    }

    List<String> sent() {
        return List.copyOf(sent);
    }

    Map<String, JsonNode> acks() {
        return Map.copyOf(acks);
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }

    int acked() {
        return acks.size();
    }

    private void loop() {
        for (int i = 0; !stopping; i++) {
            String clientMsgId = prefix + "-" + i;
            sent.add(clientMsgId);
            while (true) {
                long started = System.nanoTime();
                socket.send(sendFrame(roomId, clientMsgId, "steady message " + clientMsgId));
                JsonNode answer = socket.expect(frame -> isAnswerTo(frame, clientMsgId), "the answer to " + clientMsgId);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                boolean ack = "ACK".equals(answer.path("type").asString());
                long retryAfterMs = answer.path("retryAfterMs").asLong(0);
                answers.add(new Answer(clientMsgId, ack ? "ACK" : answer.path("code").asString(), millis, started,
                        retryAfterMs));
                if (ack) {
                    acks.put(clientMsgId, answer);
                    break;
                }
                if (!"UNAVAILABLE".equals(answer.path("code").asString())) {
                    throw new AssertionError("a SEND answered otherwise than ACK or UNAVAILABLE: " + answer);
                }
                pause(Math.max(1, retryAfterMs));
            }
            pause(pace.toMillis());
        }
    }

    static boolean isAnswerTo(JsonNode frame, String clientMsgId) {
        String type = frame.path("type").asString();
        return "ACK".equals(type) && clientMsgId.equals(frame.path("clientMsgId").asString())
                || "ERROR".equals(type) && clientMsgId.equals(frame.path("ref").asString());
    }


    /** The client's own pacing and back-off, not a wait for the server: sleeping is what the client would do. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
