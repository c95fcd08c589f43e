package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Messages are never lost, duplicated or reordered: concurrent senders, reconnects, retries. */
class RecoveryIT extends ChatServerTest {

    @Test
    void everySessionReceivesARoomsMessagesInSeqOrderUnderConcurrentSenders() throws Exception {
        int senders = 4;
        int perSender = 50;
        String owner = uniqueUser("owner");
        String[] members = new String[senders];
        for (int i = 0; i < senders; i++) {
            members[i] = uniqueUser("sender" + i);
        }
        String watcher = uniqueUser("watcher");
        List<String> all = new ArrayList<>(List.of(members));
        all.add(watcher);
        long roomId = createRoom(owner, all.toArray(String[]::new));
        WsClient watching = chat(watcher);
        List<WsClient> sockets = new ArrayList<>();
        for (String member : members) {
            sockets.add(chat(member));
        }

        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                WsClient socket = sockets.get(s);
                int sender = s;
                sending.add(CompletableFuture.runAsync(() -> {
                    for (int m = 0; m < perSender; m++) {
                        socket.send(sendFrame(roomId, "s" + sender + "-" + m, "message " + m));
                    }
                }, pool));
            }
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }

        int total = senders * perSender;
        List<Long> expected = LongStream.rangeClosed(1, total).boxed().toList();
        assertThat(seqsOfMessages(watching, total)).containsExactlyElementsOf(expected);
        for (WsClient socket : sockets) {
            assertThat(seqsOfMessages(socket, total)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void reconnectingClientRecoversEveryMissedMessageInOrderWithSync() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);
        aliceSocket.send(sendFrame(roomId, "before", "seen live"));
        long lastSeen = bobSocket.expect("MESSAGE").path("seq").asLong();

        bobSocket.close();
        for (int i = 0; i < 7; i++) {
            aliceSocket.send(sendFrame(roomId, "missed-" + i, "while you were away " + i));
            aliceSocket.expect("ACK");
        }
        WsClient bobAgain = chat(bob);
        List<JsonNode> recovered = new ArrayList<>();
        long afterSeq = lastSeen;
        boolean hasMore = true;
        while (hasMore) {
            bobAgain.send(frame("type", "SYNC", "roomId", roomId, "afterSeq", afterSeq, "limit", 3));
            JsonNode history = bobAgain.expect("HISTORY");
            history.path("messages").forEach(recovered::add);
            hasMore = history.path("hasMore").asBoolean();
            afterSeq = recovered.get(recovered.size() - 1).path("seq").asLong();
        }

        assertThat(recovered).extracting(message -> message.path("seq").asLong())
                .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(recovered).extracting(message -> message.path("clientMsgId").asString())
                .containsExactly("missed-0", "missed-1", "missed-2", "missed-3", "missed-4", "missed-5", "missed-6");
        assertThat(recovered).allSatisfy(message -> assertThat(message.path("type").asString()).isEqualTo("MESSAGE"));
    }

    @Test
    void retryOnAnotherSessionAfterALostAckCreatesNothingNew() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient phone = chat(alice);
        phone.send(sendFrame(roomId, "lost-ack", "only once"));
        JsonNode original = phone.expect("ACK");
        phone.close();

        WsClient laptop = chat(alice);
        laptop.send(sendFrame(roomId, "lost-ack", "only once"));

        assertThat(laptop.expect("ACK")).isEqualTo(original);
        JsonNode history = rest.get("/api/rooms/" + roomId + "/messages", tokenFor(alice)).json();
        assertThat(history.path("messages").size()).isEqualTo(1);
    }

    private static List<Long> seqsOfMessages(WsClient socket, int count) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seqs.add(socket.expect("MESSAGE").path("seq").asLong());
        }
        return seqs;
    }
}
