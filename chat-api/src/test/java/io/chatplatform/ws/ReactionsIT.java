package io.chatplatform.ws;

import static io.chatplatform.testing.RoomState.liveChanges;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RoomState;
import io.chatplatform.testing.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reactions over real sockets: every member's sessions hear of each one as REACTION with the room's next rev, a
 * repeated one changes nothing and is heard of by no one, a member who was away catches up by rev to the state of
 * one who stayed, and history shows each message's reactions as the reader sees them.
 */
class ReactionsIT extends ChatServerTest {

    private final List<JsonNode> seenInTurn = new ArrayList<>();

    static final String THUMBS_UP = "\uD83D\uDC4D";
    static final String HEART = "\u2764\uFE0F";
    static final String PARTY = "\uD83C\uDF89";
    static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66";
    static final String FLAG = "\uD83C\uDDE9\uD83C\uDDEA";
    static final String KEYCAP = "#\uFE0F\u20E3";

    @Test
    void reactionsReachEveryMemberWithConsecutiveRevsAndAnAbsentDeviceCatchesUpBySync() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        String carol = uniqueUser("carol");
        long roomId = createRoom(alice, bob, carol);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);
        WsClient carolPhone = chat(carol);
        WsClient carolLaptop = chat(carol);
        RoomState stayed = new RoomState(carol);
        RoomState away = new RoomState(carol);

        long first = post(aliceSocket, roomId, "first", "react to me");
        long second = post(aliceSocket, roomId, "second", "and to me");
        carolLaptop.send(react("REACT", roomId, first, PARTY));
        away.applyInOrder(liveChanges(carolLaptop, 3));
        carolLaptop.close();

        // Each change waits for its frame at carol's phone, so that the revs follow the order written here.
        seenInTurn.addAll(liveChanges(carolPhone, 3));
        inTurn(carolPhone, bobSocket, react("REACT", roomId, first, THUMBS_UP));
        inTurn(carolPhone, aliceSocket, react("REACT", roomId, first, THUMBS_UP));
        inTurn(carolPhone, aliceSocket, react("REACT", roomId, first, HEART));
        inTurn(carolPhone, bobSocket, react("REACT", roomId, second, FAMILY));
        bobSocket.send(react("REACT", roomId, first, THUMBS_UP)); // again: changes nothing
        inTurn(carolPhone, aliceSocket, react("UNREACT", roomId, first, HEART));
        aliceSocket.send(react("UNREACT", roomId, second, FLAG)); // never given: changes nothing
        inTurn(carolPhone, aliceSocket, frame("type", "DELETE", "roomId", roomId, "messageId", second));
        assertThat(rest.call("PUT", reactionPath(roomId, first, FLAG), tokenFor(bob), null).status()).isEqualTo(204);
        assertThat(rest.call("PUT", reactionPath(roomId, first, FLAG), tokenFor(bob), null).status()).isEqualTo(204);
        long third = post(aliceSocket, roomId, "third", "after the delete");
        aliceSocket.send(react("REACT", roomId, third, KEYCAP));

        int changes = 12; // 3 posts, carol's reaction, 6 reactions given or taken back, 1 deletion, the REST one
        List<JsonNode> live = new ArrayList<>(seenInTurn);
        live.addAll(liveChanges(carolPhone, changes - seenInTurn.size()));
        live.sort(Comparator.comparingLong(frame -> frame.path("rev").asLong()));
        assertThat(live).extracting(frame -> frame.path("rev").asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, changes).boxed().toList());
        assertThat(rest.get("/api/rooms/" + roomId, tokenFor(alice)).json().path("lastRev").asLong())
                .isEqualTo(changes);
        stayed.applyInOrder(live);
        JsonNode bobsThumb = live.get(3);
        assertThat(bobsThumb.toString()).isEqualTo("{\"type\":\"REACTION\",\"roomId\":" + roomId + ",\"rev\":4,"
                + "\"messageId\":" + first + ",\"emoji\":\"" + THUMBS_UP + "\",\"userId\":\"" + bob + "\","
                + "\"added\":true,\"count\":1}");
        JsonNode heartTakenBack = live.get(7);
        assertThat(heartTakenBack.path("added").asBoolean(true)).isFalse();
        assertThat(heartTakenBack.path("count").asInt(-1)).isZero();
        // Every member's sessions hear of every change, the reactor's own included; nobody hears of the repeats.
        assertThat(liveChanges(aliceSocket, changes)).extracting(frame -> frame.path("rev").asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, changes).boxed().toList());
        assertThat(liveChanges(bobSocket, changes)).hasSize(changes);
        assertThat(aliceSocket.received("ERROR")).isEmpty();
        assertThat(bobSocket.received("ERROR")).isEmpty();

        WsClient carolAgain = chat(carol);
        away.syncByRev(carolAgain, roomId, 2);

        assertThat(away.snapshot()).isEqualTo(stayed.snapshot());
        assertThat(away.rev()).isEqualTo(changes);
        assertThat(stayed.snapshot().get("messages").toString())
                .contains(PARTY + "=1+me").contains(THUMBS_UP + "=2").contains(FLAG + "=1").contains(KEYCAP + "=1")
                .doesNotContain(HEART).doesNotContain(FAMILY);
    }

    @Test
    void historyShowsEachMessagesReactionsAsTheReaderSeesThem() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);
        long first = post(aliceSocket, roomId, "first", "popular");
        long second = post(aliceSocket, roomId, "second", "deleted later");
        long third = post(aliceSocket, roomId, "third", "ignored");
        seenInTurn.addAll(liveChanges(aliceSocket, 3));
        inTurn(aliceSocket, bobSocket, react("REACT", roomId, first, HEART));
        inTurn(aliceSocket, aliceSocket, react("REACT", roomId, first, THUMBS_UP));
        inTurn(aliceSocket, bobSocket, react("REACT", roomId, first, THUMBS_UP));
        inTurn(aliceSocket, bobSocket, react("REACT", roomId, second, THUMBS_UP));
        inTurn(aliceSocket, aliceSocket, frame("type", "DELETE", "roomId", roomId, "messageId", second));

        JsonNode seenByAlice = rest.get("/api/rooms/" + roomId + "/messages", tokenFor(alice)).json().path("messages");
        assertThat(seenByAlice.get(0).path("messageId").asLong()).isEqualTo(first);
        assertThat(seenByAlice.get(0).path("reactions").toString()).isEqualTo("[{\"emoji\":\"" + HEART
                + "\",\"count\":1,\"me\":false},{\"emoji\":\"" + THUMBS_UP + "\",\"count\":2,\"me\":true}]");
        assertThat(seenByAlice.get(1).path("deleted").asBoolean()).isTrue();
        assertThat(seenByAlice.get(1).has("reactions")).as("a tombstone carries none").isFalse();
        assertThat(seenByAlice.get(2).path("messageId").asLong()).isEqualTo(third);
        assertThat(seenByAlice.get(2).has("reactions")).isFalse();

        bobSocket.send(frame("type", "SYNC", "roomId", roomId, "afterSeq", 0));
        JsonNode seenByBob = bobSocket.expect("HISTORY").path("messages");
        assertThat(seenByBob.get(0).path("reactions").toString()).isEqualTo("[{\"emoji\":\"" + HEART
                + "\",\"count\":1,\"me\":true},{\"emoji\":\"" + THUMBS_UP + "\",\"count\":2,\"me\":true}]");
        bobSocket.send(frame("type", "SYNC", "roomId", roomId, "afterRev", 0));
        JsonNode changesForBob = bobSocket.expect("CHANGES").path("changes");
        assertThat(changesForBob.get(0).path("reactions").toString())
                .isEqualTo(seenByBob.get(0).path("reactions").toString());
    }

    @Test
    void refusedReactionsAreAnsweredWithAnErrorAndChangeNothing() {
        String alice = uniqueUser("alice");
        String mallory = uniqueUser("mallory");
        long roomId = createRoom(alice);
        long otherRoom = createRoom(mallory);
        WsClient aliceSocket = chat(alice);
        WsClient outsider = chat(mallory);
        long message = post(aliceSocket, roomId, "m", "hello");
        long elsewhere = post(outsider, otherRoom, "x", "mallory's");
        long deleted = post(aliceSocket, roomId, "gone", "soon deleted");
        aliceSocket.send(frame("type", "DELETE", "roomId", roomId, "messageId", deleted));
        liveChanges(aliceSocket, 3);

        assertThat(refusal(outsider, react("REACT", roomId, message, HEART))).isEqualTo("NOT_FOUND");
        assertThat(refusal(aliceSocket, react("REACT", roomId, elsewhere, HEART))).isEqualTo("NOT_FOUND");
        assertThat(refusal(aliceSocket, react("REACT", roomId, deleted, HEART))).isEqualTo("CONFLICT");
        assertThat(refusal(aliceSocket, react("REACT", roomId, message, "like"))).isEqualTo("BAD_REQUEST");
        assertThat(refusal(aliceSocket, react("UNREACT", roomId, message, HEART + HEART))).isEqualTo("BAD_REQUEST");
        aliceSocket.send(frame("type", "REACT", "roomId", roomId, "messageId", message));
        JsonNode missing = aliceSocket.expect("ERROR");
        assertThat(missing.path("code").asString()).isEqualTo("BAD_REQUEST");
        assertThat(missing.path("ref").asString()).isEqualTo("REACT");
        assertThat(rest.call("PUT", reactionPath(roomId, message, "like"), tokenFor(alice), null).problemCode())
                .isEqualTo("BAD_REQUEST");
        assertThat(rest.call("PUT", reactionPath(roomId, message, HEART), tokenFor(mallory), null).status())
                .isEqualTo(404);
        assertThat(rest.call("DELETE", reactionPath(roomId, deleted, HEART), tokenFor(alice), null).problemCode())
                .isEqualTo("CONFLICT");

        assertThat(rest.get("/api/rooms/" + roomId, tokenFor(alice)).json().path("lastRev").asLong()).isEqualTo(3);
    }

    /** Sends a frame that makes a change and waits until {@code watcher} hears of it (remembered in order). */
    private void inTurn(WsClient watcher, WsClient from, Map<String, Object> frame) {
        from.send(frame);
        seenInTurn.add(watcher.expect(change -> RoomState.CHANGE_TYPES.contains(change.path("type").asString())
                && change.path("rev").asLong() > lastSeenRev(), "the change " + frame + " makes"));
    }

    private long lastSeenRev() {
        return seenInTurn.isEmpty() ? 0 : seenInTurn.get(seenInTurn.size() - 1).path("rev").asLong();
    }

    private static String refusal(WsClient socket, Map<String, Object> frame) {
        socket.send(frame);
        JsonNode error = socket.expect("ERROR");
        assertThat(error.path("ref").asString()).isEqualTo(frame.get("type"));
        return error.path("code").asString();
    }

    private static Map<String, Object> react(String type, long roomId, long messageId, String emoji) {
        return frame("type", type, "roomId", roomId, "messageId", messageId, "emoji", emoji);
    }

    private static String reactionPath(long roomId, long messageId, String emoji) {
        return "/api/rooms/" + roomId + "/messages/" + messageId + "/reactions/"
                + URLEncoder.encode(emoji, StandardCharsets.UTF_8);
    }

    /** Posts and waits for the ACK; returns the message id. */
    private static long post(WsClient socket, long roomId, String clientMsgId, String body) {
        socket.send(sendFrame(roomId, clientMsgId, body));
        return socket.expect(frame -> "ACK".equals(frame.path("type").asString())
                && clientMsgId.equals(frame.path("clientMsgId").asString()), "the ACK of " + clientMsgId)
                .path("messageId").asLong();
    }
}
