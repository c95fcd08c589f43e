package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static io.chatplatform.testing.RoomState.liveChanges;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RoomState;
import io.chatplatform.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The room change log: every change of a room's visible state carries the room's next rev, live, and a client that
 * was away replays what it missed with SYNC by rev and ends where a client that stayed online is.
 */
class RoomChangeLogIT extends ChatServerTest {


    @Test
    void aMemberWhoWasAwayCatchesUpByRevToTheStateOfOneWhoStayed() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        String dave = uniqueUser("dave");
        long roomId = createRoom(alice, bob, carol);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);
        WsClient carolSocket = chat(carol);
        // Bob's live frames are what every member receives; read as Carol would (her "me" on reactions).
        RoomState stayed = new RoomState(carol);
        RoomState away = new RoomState(carol);

        long first = post(aliceSocket, roomId, "first", "before carol leaves");
        post(aliceSocket, roomId, "second", "also before");
        away.applyInOrder(liveChanges(carolSocket, 2));
        carolSocket.close();

        long third = post(aliceSocket, roomId, "third", "while carol is away");
        aliceSocket.send(frame("type", "EDIT", "roomId", roomId, "messageId", first, "body", "edited while away"));
        aliceSocket.send(frame("type", "EDIT", "roomId", roomId, "messageId", third, "body", "third, edited"));
        aliceSocket.send(frame("type", "DELETE", "roomId", roomId, "messageId", third));
        aliceSocket.send(frame("type", "REACT", "roomId", roomId, "messageId", first, "emoji", "\uD83D\uDC4D"));
        bobSocket.send(frame("type", "REACT", "roomId", roomId, "messageId", first, "emoji", "\uD83D\uDC4D"));
        bobSocket.send(frame("type", "REACT", "roomId", roomId, "messageId", first, "emoji", "\uD83C\uDF89"));
        bobSocket.send(frame("type", "UNREACT", "roomId", roomId, "messageId", first, "emoji", "\uD83C\uDF89"));
        aliceSocket.send(frame("type", "SEND", "roomId", roomId, "clientMsgId", "reply", "body", "in the thread",
                "threadId", first));
        long reply = aliceSocket.expect(frame -> "ACK".equals(frame.path("type").asString())
                && "reply".equals(frame.path("clientMsgId").asString()), "the reply's ACK").path("messageId").asLong();
        bobSocket.send(frame("type", "REACT", "roomId", roomId, "messageId", reply, "emoji", "\uD83D\uDC4D"));
        for (WsClient socket : List.of(aliceSocket, bobSocket)) { // their reactions are stored by then
            socket.send(frame("type", "PING"));
            socket.expect("PONG");
        }
        assertThat(rest.patch("/api/rooms/" + roomId, tokenFor(alice), Map.of("name", "renamed")).status())
                .isEqualTo(200);
        assertThat(rest.post("/api/rooms/" + roomId + "/members", tokenFor(alice), Map.of("userId", dave)).status())
                .isEqualTo(201);
        post(aliceSocket, roomId, "fourth", "after dave joined");
        long lastRev = lastRevOf(roomId, alice);

        stayed.applyInOrder(liveChanges(bobSocket, (int) lastRev));
        WsClient carolAgain = chat(carol);
        away.syncByRev(carolAgain, roomId, 2);

        // 4 posts, 2 edits, 1 deletion, 5 reactions, a reply and its thread summary, 1 rename, 1 member
        assertThat(lastRev).isEqualTo(16);
        assertThat(away.snapshot()).isEqualTo(stayed.snapshot());
        assertThat(away.rev()).isEqualTo(lastRev);
        JsonNode thread = rest.get("/api/rooms/" + roomId + "/messages/" + first + "/thread", tokenFor(carol)).json();
        assertThat(thread.path("root").path("replyCount").asInt()).isEqualTo(1);
        assertThat(thread.path("messages").get(0).path("reactions").get(0).path("count").asInt()).isEqualTo(1);
    }

    @Test
    void everyLiveChangeFrameCarriesTheNextRevUnderConcurrentChanges() throws Exception {
        String owner = uniqueUser("owner");
        int writers = 4;
        int each = 15;
        String[] members = new String[writers];
        for (int i = 0; i < writers; i++) {
            members[i] = uniqueUser("writer" + i);
        }
        String watcher = uniqueUser("watcher");
        List<String> all = new ArrayList<>(List.of(members));
        all.add(watcher);
        long roomId = createRoom(owner, all.toArray(String[]::new));
        WsClient watching = chat(watcher);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                WsClient socket = chat(members[w]);
                int writer = w;
                running.add(CompletableFuture.runAsync(() -> {
                    for (int m = 0; m < each; m++) {
                        long id = post(socket, roomId, "w" + writer + "-" + m, "message " + m);
                        socket.send(frame("type", "EDIT", "roomId", roomId, "messageId", id, "body", "edited " + m));
                    }
                }, pool));
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }

        int changes = writers * each * 2;
        List<JsonNode> live = liveChanges(watching, changes);
        assertThat(live).extracting(frame -> frame.path("rev").asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, changes).boxed().toList());
        assertThat(lastRevOf(roomId, owner)).isEqualTo(changes);
        RoomState replayed = new RoomState(watcher);
        replayed.syncByRev(chat(watcher), roomId, 7);
        RoomState online = new RoomState(watcher);
        online.applyInOrder(live);
        assertThat(replayed.snapshot()).isEqualTo(online.snapshot());
    }

    @Test
    void syncByRevRefusesANegativeRevAndAnOutsider() {
        String alice = uniqueUser("alice");
        String mallory = uniqueUser("mallory");
        long roomId = createRoom(alice);
        WsClient socket = chat(alice);
        socket.send(frame("type", "SYNC", "roomId", roomId, "afterRev", -1));
        assertThat(socket.expect("ERROR").path("code").asString()).isEqualTo("BAD_REQUEST");
        WsClient outsider = chat(mallory);
        outsider.send(frame("type", "SYNC", "roomId", roomId, "afterRev", 0));
        assertThat(outsider.expect("ERROR").path("code").asString()).isEqualTo("NOT_FOUND");
        socket.send(frame("type", "SYNC", "roomId", roomId, "afterRev", 0));
        JsonNode changes = socket.expect("CHANGES");
        assertThat(changes.path("changes").size()).isZero();
        assertThat(changes.path("hasMore").asBoolean()).isFalse();
        assertThat(changes.path("rev").asLong()).isZero();
    }

    /** Posts and waits for the ACK; returns the message id. */
    private static long post(WsClient socket, long roomId, String clientMsgId, String body) {
        socket.send(sendFrame(roomId, clientMsgId, body));
        return socket.expect(frame -> "ACK".equals(frame.path("type").asString())
                && clientMsgId.equals(frame.path("clientMsgId").asString()), "the ACK of " + clientMsgId)
                .path("messageId").asLong();
    }

    private long lastRevOf(long roomId, String userId) {
        JsonNode room = rest.get("/api/rooms/" + roomId, tokenFor(userId)).json();
        return room.path("lastRev").asLong();
    }
}
