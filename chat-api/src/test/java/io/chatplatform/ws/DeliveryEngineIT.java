package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.Actuator;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RawWebSocket;
import io.chatplatform.testing.WsClient;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.SessionRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The delivery engine against real clients, with one writer thread so that every session shares it: each
 * session gets every room's messages in seq order between its own ACKs, nothing is lost, a client that stops
 * reading is closed once a write stalls past {@code chat.ws.write-stall-timeout} (the queue limit is set far
 * out of reach) while the others of its writer keep receiving, and frames that waited behind the stalled write
 * leave in fewer writes than frames, and a client that reads slowly but steadily holds the writer for a turn
 * ({@code chat.ws.writer-turn}) at a time, not for everything waiting for it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chat.ws.writer-threads=1", "chat.ws.write-stall-timeout=1s", "chat.ws.send-buffer-limit=256MB",
        "chat.ws.rate-limit=100000", "chat.ws.rate-burst=100000", "chat.messages.max-body-length=8000",
        "chat.server.socket-send-buffer=64KB", "chat.ws.ping-interval=10m"})
class DeliveryEngineIT extends ChatServerTest {

    static final int ROOMS = 3;
    static final int PER_SENDER_AND_ROOM = 60;
    /** Enough to fill any socket buffers (on loopback the kernel takes a few MB): 16 MB. */
    static final int MOST_MESSAGES = 2_000;
    static final int BATCH = 50;

    /**
     * The flood for the slow reader: 12 MB, many times what the sockets' buffers take (64 KB of send buffer asked for
     * here, 128 KB given by Linux; the reader's receive buffer 512 KB).
     */
    static final int SLOW_FLOOD = 1_500;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    SessionRegistry registry;

    @Test
    void everySessionGetsEveryRoomsMessagesInSeqOrderBesideItsOwnAcks() throws Exception {
        List<String> users = List.of(uniqueUser("ann"), uniqueUser("ben"), uniqueUser("cat"), uniqueUser("dan"));
        List<Long> rooms = new ArrayList<>();
        for (int r = 0; r < ROOMS; r++) {
            rooms.add(createRoom(users.get(0), users.subList(1, users.size()).toArray(String[]::new)));
        }
        List<WsClient> clients = users.stream().map(this::chat).toList();

        ExecutorService senders = Executors.newFixedThreadPool(clients.size());
        try {
            List<Future<?>> sending = new ArrayList<>();
            for (int c = 0; c < clients.size(); c++) {
                WsClient client = clients.get(c);
                String prefix = "c" + c + "-";
                sending.add(senders.submit(() -> {
                    for (int n = 0; n < PER_SENDER_AND_ROOM; n++) {
                        for (long roomId : rooms) {
                            client.send(sendFrame(roomId, prefix + roomId + "-" + n, "hello " + n));
                        }
                    }
                }));
            }
            for (Future<?> future : sending) {
                future.get();
            }
        } finally {
            senders.shutdown();
        }

        int perRoom = PER_SENDER_AND_ROOM * clients.size();
        for (WsClient client : clients) {
            await().atMost(Duration.ofSeconds(60)).until(() -> client.received("MESSAGE").size() == perRoom * ROOMS
                    && client.received("ACK").size() == PER_SENDER_AND_ROOM * ROOMS);
            for (long roomId : rooms) {
                List<Long> seqs = client.received("MESSAGE").stream()
                        .filter(message -> message.path("roomId").asLong() == roomId)
                        .map(message -> message.path("seq").asLong()).toList();
                assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, perRoom).boxed().toList());
            }
            // Its own messages reach it in the order it sent them.
            for (long roomId : rooms) {
                List<String> own = client.received("MESSAGE").stream()
                        .filter(message -> message.path("roomId").asLong() == roomId)
                        .map(message -> message.path("clientMsgId").asString())
                        .filter(id -> id.startsWith("c" + clients.indexOf(client) + "-")).toList();
                assertThat(own).containsExactlyElementsOf(LongStream.range(0, PER_SENDER_AND_ROOM)
                        .mapToObj(n -> "c" + clients.indexOf(client) + "-" + roomId + "-" + n).toList());
            }
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedOnceAWriteStallsAndTheOthersOfItsWriterGoOn() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice, bob, carol);
        WsClient sender = chat(alice);
        WsClient reader = chat(carol);
        double slowBefore = Actuator.meter(rest, "chat.ws.slow.consumers");
        double writesBefore = Actuator.meter(rest, "chat.ws.writes");
        double framesBefore = Actuator.meter(rest, "chat.ws.frames.out");
        try (RawWebSocket slow = RawWebSocket.connect(port, "/ws/chat", Map.of(), 4096)) {
            slow.sendText("{\"type\":\"INIT\",\"token\":\"" + tokenFor(bob) + "\",\"device\":\"raw\"}");
            await().atMost(WsClient.WAIT).until(() -> registry.sessionsOf(Endpoint.CHAT, bob).size() == 1);

            String body = "x".repeat(8_000);
            int sent = 0;
            while (sent < MOST_MESSAGES && Actuator.meter(rest, "chat.ws.slow.consumers") == slowBefore) {
                for (int end = sent + BATCH; sent < end; sent++) {
                    sender.send(sendFrame(roomId, "flood-" + sent, body));
                }
                int delivered = sent;
                // The writer the slow client shares with the others waits at most the stall limit for it.
                await().atMost(Duration.ofSeconds(30)).until(() -> reader.received("MESSAGE").size() == delivered
                        && sender.received("ACK").size() == delivered
                        && sender.received("MESSAGE").size() == delivered);
            }
            int total = sent;
            assertThat(total).as("the slow client was cut off before the flood ended").isLessThan(MOST_MESSAGES);
            assertThat(reader.received("MESSAGE").stream().map(message -> message.path("seq").asLong()).toList())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.sessionsOf(Endpoint.CHAT, bob).isEmpty());
            assertThat(Actuator.meter(rest, "chat.ws.slow.consumers")).as("one slow consumer, counted once")
                    .isEqualTo(slowBefore + 1);
            RawWebSocket.Ending ending = slow.readUntilClosed(WsClient.WAIT);
            assertThat(ending.closeCode()).as("closed by %s", ending.how()).isIn(1013, 1001, -1);
            assertThat(ending.count(RawWebSocket.OP_TEXT)).as("frames that reached the slow client")
                    .isLessThan(total);
        }
        assertThat(sender.isClosed()).isFalse();
        assertThat(reader.isClosed()).isFalse();
        double frames = Actuator.meter(rest, "chat.ws.frames.out") - framesBefore;
        double writes = Actuator.meter(rest, "chat.ws.writes") - writesBefore;
        assertThat(writes).as("frames that waited behind the stalled write left together").isLessThan(frames);
    }

    @Test
    void aClientThatReadsSlowlyButSteadilyHoldsItsWriterForATurnAtATimeNotForItsWholeBacklog() throws Exception {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient sender = chat(alice);
        double turnsCutBefore = Actuator.meter(rest, "chat.ws.writer.turns.cut");
        List<String> slowMessages = new CopyOnWriteArrayList<>();
        AtomicBoolean readQuickly = new AtomicBoolean();
        AtomicReference<Exception> readFailure = new AtomicReference<>();
        // A receive buffer not so small that TCP's window stalls for the persist timer: Bob reads steadily.
        try (RawWebSocket slow = RawWebSocket.connect(port, "/ws/chat", Map.of(), 256 * 1024)) {
            slow.sendText("{\"type\":\"INIT\",\"token\":\"" + tokenFor(bob) + "\",\"device\":\"raw\"}");
            await().atMost(WsClient.WAIT).until(() -> registry.sessionsOf(Endpoint.CHAT, bob).size() == 1);
            // Bob reads a frame every 20 ms (400 KB a second of these 8 KB messages). The kernel wakes a writer
            // waiting on a full send buffer once half of it has drained: 64 KB here, 160 ms of Bob's reading, well
            // within the stall limit, so he is never cut off; he is just slower than the flood. (With the default
            // 1 MB buffer a waiting write needs about 1 MB read within the limit: such a reader is cut off instead.)
            Thread reader = new Thread(() -> {
                try {
                    while (slowMessages.size() < SLOW_FLOOD) {
                        RawWebSocket.Frame frame = slow.readMessage();
                        if (frame.opcode() == RawWebSocket.OP_TEXT && frame.text().contains("\"type\":\"MESSAGE\"")) {
                            slowMessages.add(frame.text());
                        }
                        if (!readQuickly.get()) {
                            Thread.sleep(20);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    readFailure.set(e);
                }
            }, "slow-reader");
            reader.start();

            String body = "y".repeat(8_000);
            for (int n = 0; n < SLOW_FLOOD; n++) {
                sender.send(sendFrame(roomId, "slow-" + n, body));
            }
            // Alice's ACKs and copies share the writer with Bob's copies. Without turns the writer stays with Bob for
            // all it collected for him, so Alice's last frames came when Bob had read 1,063 and 1,107 of the 1,500
            // (two runs); with turns, 255 and 332 (Alice alone gets hers in about 3.4 s, Bob's 170 reads' time).
            // Bob reads at most 50 a second: the bound below fails only if Alice waits over 15 s.
            await().atMost(Duration.ofSeconds(120)).until(() -> sender.received("ACK").size() == SLOW_FLOOD
                    && sender.received("MESSAGE").size() == SLOW_FLOOD);
            int readByBob = slowMessages.size();
            readQuickly.set(true);
            assertThat(readByBob).as("messages Bob had read when Alice had all of hers").isLessThan(SLOW_FLOOD / 2);
            assertThat(Actuator.meter(rest, "chat.ws.writer.turns.cut")).as("Bob's turns that ended with frames left")
                    .isGreaterThan(turnsCutBefore);

            reader.join(Duration.ofSeconds(60).toMillis());
            assertThat(readFailure.get()).isNull();
            assertThat(slowMessages.stream().map(text -> JSON.readTree(text).path("seq").asLong()).toList())
                    .as("Bob, once he reads quickly, gets every message, in seq order")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, SLOW_FLOOD).boxed().toList());
        }
        assertThat(sender.isClosed()).isFalse();
    }
}
