package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.Actuator;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RawWebSocket;
import io.chatplatform.testing.WsClient;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.SessionRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The delivery engine against real clients, with one writer thread so that every session shares it: each
 * session gets every room's messages in seq order between its own ACKs, nothing is lost, a client that stops
 * reading is closed once a write stalls past {@code chat.ws.write-stall-timeout} (the queue limit is set far
 * out of reach) while the others of its writer keep receiving, and frames that waited behind the stalled write
 * leave in fewer writes than frames.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "chat.ws.writer-threads=1", "chat.ws.write-stall-timeout=1s", "chat.ws.send-buffer-limit=256MB",
        "chat.ws.rate-limit=100000", "chat.ws.rate-burst=100000", "chat.messages.max-body-length=8000"})
class DeliveryEngineIT extends ChatServerTest {

    static final int ROOMS = 3;
    static final int PER_SENDER_AND_ROOM = 60;
    /** Enough to fill any socket buffers (on loopback the kernel takes a few MB): 16 MB. */
    static final int MOST_MESSAGES = 2_000;
    static final int BATCH = 50;

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
}
