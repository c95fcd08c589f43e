package io.chatplatform.ws;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static io.chatplatform.testing.RoomState.liveChanges;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.RoomState;
import io.chatplatform.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Threads over a real socket: a reply is a MESSAGE with {@code threadId} followed by its root's THREAD_UPDATED under
 * the next rev; a member who was away catches up by rev to the same state; replies are paged over REST, and a
 * deleted root keeps its thread.
 */
class ThreadsIT extends ChatServerTest {

    @Test
    void repliesAndTheirRootsSummaryArriveLiveUnderConsecutiveRevsAndAMemberWhoWasAwayCatchesUp() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice, bob, carol);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);
        WsClient carolSocket = chat(carol);
        RoomState stayed = new RoomState(bob);
        RoomState away = new RoomState(carol);

        long root = post(aliceSocket, roomId, "root", "who is in for lunch?", null);
        away.applyInOrder(liveChanges(carolSocket, 1));
        carolSocket.close();

        long firstReply = post(bobSocket, roomId, "b1", "me", root);
        List<JsonNode> replyFrames = liveChanges(aliceSocket, 3).subList(1, 3); // after the root's MESSAGE
        assertThat(replyFrames.get(0).path("type").asString()).isEqualTo("MESSAGE");
        assertThat(replyFrames.get(0).path("threadId").asLong()).isEqualTo(root);
        assertThat(replyFrames.get(0).path("messageId").asLong()).isEqualTo(firstReply);
        assertThat(replyFrames.get(0).path("rev").asLong()).isEqualTo(2);
        JsonNode summary = replyFrames.get(1);
        assertThat(summary.path("type").asString()).isEqualTo("THREAD_UPDATED");
        assertThat(summary.path("rev").asLong()).isEqualTo(3);
        assertThat(summary.path("roomId").asLong()).isEqualTo(roomId);
        assertThat(summary.path("threadId").asLong()).as("CONTRACT.md names the root so").isEqualTo(root);
        assertThat(summary.path("messageId").asLong()).isEqualTo(root);
        assertThat(summary.path("replyCount").asInt()).isEqualTo(1);
        assertThat(summary.path("lastReplyAt").asString()).isEqualTo(replyFrames.get(0).path("sentAt").asString());
        assertThat(summary.path("repliers").toString()).isEqualTo("[\"" + bob + "\"]");

        post(aliceSocket, roomId, "a1", "me too", root);
        post(aliceSocket, roomId, "main", "meanwhile on the main timeline", null);
        long late = post(bobSocket, roomId, "b2", "12:30?", root);
        bobSocket.send(frame("type", "EDIT", "roomId", roomId, "messageId", late, "body", "12:45?"));
        aliceSocket.send(frame("type", "DELETE", "roomId", roomId, "messageId", root));
        aliceSocket.expect("MESSAGE_DELETED"); // the replies below come after the deletion
        post(bobSocket, roomId, "b3", "still on, even without the question", root);
        long lastRev = lastRevOf(roomId, alice);

        // root 1; 4 replies of 2 revs each; main post; edit; deletion
        assertThat(lastRev).isEqualTo(1 + 4 * 2 + 1 + 1 + 1);
        stayed.applyInOrder(liveChanges(bobSocket, (int) lastRev));
        WsClient carolAgain = chat(carol);
        away.syncByRev(carolAgain, roomId, 3);
        assertThat(away.snapshot()).isEqualTo(stayed.snapshot());
        assertThat(away.rev()).isEqualTo(lastRev);
        assertThat(away.snapshot().get("messages").toString()).contains("replyCount=4");

        JsonNode thread = rest.get("/api/rooms/" + roomId + "/messages/" + root + "/thread", tokenFor(carol)).json();
        assertThat(thread.path("root").path("deleted").asBoolean()).isTrue();
        assertThat(thread.path("root").path("replyCount").asInt()).isEqualTo(4);
        assertThat(thread.path("root").path("repliers").toString())
                .isEqualTo("[\"" + bob + "\",\"" + alice + "\"]");
        assertThat(bodies(thread)).containsExactly("me", "me too", "12:45?", "still on, even without the question");
    }

    @Test
    void aSendWhoseThreadIdIsNoRootOfTheRoomIsRefusedWithItsClientMsgId() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        long otherRoom = createRoom(alice);
        WsClient socket = chat(alice);
        long root = post(socket, roomId, "root", "root", null);
        long reply = post(socket, roomId, "reply", "reply", root);
        long elsewhere = post(socket, otherRoom, "elsewhere", "in the other room", null);

        assertThat(refusal(socket, roomId, "unknown", Long.MAX_VALUE)).isEqualTo("NOT_FOUND");
        assertThat(refusal(socket, roomId, "other-room", elsewhere)).isEqualTo("NOT_FOUND");
        assertThat(refusal(socket, roomId, "to-a-reply", reply)).isEqualTo("BAD_REQUEST");
        socket.send(frame("type", "SEND", "roomId", roomId, "clientMsgId", "wrong-type", "body", "x",
                "threadId", "root"));
        JsonNode wrongType = socket.expect("ERROR");
        assertThat(wrongType.path("code").asString()).isEqualTo("BAD_REQUEST");
        assertThat(wrongType.path("ref").asString()).isEqualTo("wrong-type");
        assertThat(lastRevOf(roomId, alice)).isEqualTo(3);
    }

    @Test
    void theThreadIsPagedOverRestForMembersOnlyAndHistoryCanLeaveRepliesOut() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String mallory = uniqueUser("mallory");
        long roomId = createRoom(alice, bob);
        WsClient socket = chat(alice);
        long root = post(socket, roomId, "root", "root", null);
        List<String> sent = new ArrayList<>();
        List<Long> replies = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            replies.add(post(socket, roomId, "r" + i, "reply " + i, root));
            sent.add("reply " + i);
        }
        post(socket, roomId, "main", "main again", null);

        String path = "/api/rooms/" + roomId + "/messages/" + root + "/thread";
        List<String> read = new ArrayList<>();
        long afterSeq = 0;
        boolean hasMore = true;
        while (hasMore) {
            JsonNode page = rest.get(path + "?limit=2&afterSeq=" + afterSeq, tokenFor(bob)).json();
            assertThat(page.path("root").path("messageId").asLong()).isEqualTo(root);
            assertThat(page.path("messages").size()).isBetween(1, 2);
            read.addAll(bodies(page));
            for (JsonNode message : page.path("messages")) {
                assertThat(message.path("threadId").asLong()).isEqualTo(root);
                afterSeq = message.path("seq").asLong();
            }
            hasMore = page.path("hasMore").asBoolean();
            assertThat(read.size()).isLessThanOrEqualTo(5);
        }
        assertThat(read).isEqualTo(sent);

        RestApi.Response outsider = rest.get(path, tokenFor(mallory));
        RestApi.Response unknownRoom = rest.get("/api/rooms/" + Long.MAX_VALUE + "/messages/" + root + "/thread",
                tokenFor(mallory));
        assertProblem(outsider, 404, "NOT_FOUND");
        assertProblem(unknownRoom, 404, "NOT_FOUND");
        assertProblem(rest.get("/api/rooms/" + roomId + "/messages/" + Long.MAX_VALUE + "/thread", tokenFor(bob)),
                404, "NOT_FOUND");
        assertProblem(rest.get(path + "?afterSeq=-1", tokenFor(bob)), 400, "BAD_REQUEST");
        assertProblem(rest.get(path + "?limit=0", tokenFor(bob)), 400, "BAD_REQUEST");

        JsonNode main = rest.get("/api/rooms/" + roomId + "/messages?replies=false", tokenFor(bob)).json();
        assertThat(bodies(main)).containsExactly("root", "main again");
        assertThat(main.path("messages").get(0).path("replyCount").asInt()).isEqualTo(5);
        JsonNode all = rest.get("/api/rooms/" + roomId + "/messages", tokenFor(bob)).json();
        assertThat(all.path("messages").size()).isEqualTo(7);
        assertProblem(rest.get("/api/rooms/" + roomId + "/messages/" + replies.get(0) + "/thread", tokenFor(bob)),
                400, "BAD_REQUEST");
    }

    @Test
    void aMentionInAThreadNotifiesWithTheThreadId() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient bobNotify = track(WsClient.connect(wsUri("/ws/notify"),
                Map.of("Authorization", "Bearer " + tokenFor(bob))));
        bobNotify.expect("READY");
        WsClient socket = chat(alice);
        long root = post(socket, roomId, "root", "root", null);

        long reply = post(socket, roomId, "ping", "what do you think, @" + bob + "?", root);

        JsonNode mention = bobNotify.expect(frame -> "NOTIFICATION".equals(frame.path("type").asString())
                && "MENTION".equals(frame.path("kind").asString()), "a MENTION").path("payload");
        assertThat(mention.path("messageId").asLong()).isEqualTo(reply);
        assertThat(mention.path("threadId").asLong()).isEqualTo(root);
        assertThat(mention.path("seq").asLong()).isEqualTo(2);
    }

    /** Posts and waits for the ACK; returns the message id. */
    private static long post(WsClient socket, long roomId, String clientMsgId, String body, Long threadId) {
        Map<String, Object> send = sendFrame(roomId, clientMsgId, body);
        if (threadId != null) {
            send.put("threadId", threadId);
        }
        socket.send(send);
        return socket.expect(frame -> "ACK".equals(frame.path("type").asString())
                && clientMsgId.equals(frame.path("clientMsgId").asString()), "the ACK of " + clientMsgId)
                .path("messageId").asLong();
    }

    private static String refusal(WsClient socket, long roomId, String clientMsgId, long threadId) {
        Map<String, Object> send = sendFrame(roomId, clientMsgId, "refused");
        send.put("threadId", threadId);
        socket.send(send);
        JsonNode error = socket.expect("ERROR");
        assertThat(error.path("ref").asString()).isEqualTo(clientMsgId);
        return error.path("code").asString();
    }

    private static List<String> bodies(JsonNode page) {
        List<String> bodies = new ArrayList<>();
        page.path("messages").forEach(message -> bodies.add(message.path("body").asString()));
        return bodies;
    }

    private long lastRevOf(long roomId, String userId) {
        return rest.get("/api/rooms/" + roomId, tokenFor(userId)).json().path("lastRev").asLong();
    }
}
