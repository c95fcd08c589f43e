package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.Actuator;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile and broken input on every endpoint, each answered as docs/protocol.md says: an ERROR with the right code
 * and ref (the socket keeps serving: a PING afterwards gets PONG), or the documented close for a frame over the
 * size limit. Meanwhile the server stays UP and two other members keep talking. Text that merely looks
 * dangerous (emoji, right-to-left, HTML, SQL) is ordinary text: stored and returned exactly as sent.
 */
class BadInputCatalogueIT extends ChatServerTest {

    static final String NESTED_10K = "[".repeat(10_000) + "]".repeat(10_000);
    static final String HUGE_INTEGER = "123456789012345678901234567890";
    /** Reads what the server refuses to read whole, to tell which roomId its ERROR names. */
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNumberLength(1_000_000).maxNestingDepth(1_000_000).build()).build())
            .build();

    String talker;
    String listener;
    long bystanderRoom;
    WsClient talking;
    WsClient listening;

    /** One input and its documented answer: {@code answer} is a frame type; for ERROR, the code and the ref. */
    record Case(String text, String answer, String code, String ref) {

        static Case error(String text, String code, String ref) {
            return new Case(text, "ERROR", code, ref);
        }

        static Case badRequest(String text, String ref) {
            return error(text, "BAD_REQUEST", ref);
        }

        static Case answered(String text, String answer) {
            return new Case(text, answer, null, null);
        }
    }

    @BeforeEach
    void twoOtherMembersTalking() {
        talker = uniqueUser("talker");
        listener = uniqueUser("listener");
        bystanderRoom = createRoom(talker, listener);
        talking = chat(talker);
        listening = chat(listener);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws/chat", "/ws/notify", "/ws/crowd/location"})
    void everyEndpointAnswersMalformedAndHostileFramesWithTheDocumentedError(String path) {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient socket = connect(path, alice);
        List<Case> cases = new ArrayList<>(commonCases());
        cases.addAll(switch (path) {
            case "/ws/chat" -> chatCases(roomId);
            case "/ws/notify" -> notifyCases();
            default -> crowdCases();
        });

        for (Case input : cases) {
            socket.send(input.text());
            checkAnswer(socket, input);
        }

        socket.sendBinary(new byte[] {0, 1, 2, (byte) 0xFF});
        JsonNode binary = socket.expect("ERROR");
        assertThat(binary.path("code").asString()).isEqualTo("BAD_REQUEST");
        assertThat(binary.has("ref")).isFalse();
        assertStillServing(socket);
        assertServerAndBystandersUnaffected();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws/chat", "/ws/notify", "/ws/crowd/location"})
    void aOneMegabyteStringClosesThatConnectionWith1009(String path) {
        WsClient socket = connect(path, uniqueUser("alice"));

        socket.send("{\"type\":\"PING\",\"body\":\"" + "x".repeat(1024 * 1024) + "\"}");

        assertThat(socket.awaitCloseCode()).isEqualTo(1009);
        assertServerAndBystandersUnaffected();
        assertStillServing(connect(path, uniqueUser("alice")));
    }

    @Test
    void emojiRightToLeftHtmlAndSqlLookalikesAreStoredAndReturnedExactly() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);
        List<String> bodies = List.of(
                "\ud83d\ude00\ud83d\udc4d\ud83c\udffd \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67"
                        + " \ud83c\uddfa\ud83c\udde6",
                "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
                "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 and 123",
                "abc \u202eevil.exe\u202c \u200f\u200e\ufeff",
                "<script>alert(1)</script>",
                "<img src=x onerror=\"alert(document.cookie)\">&amp;&lt;b&gt;",
                "'; DROP TABLE messages; --",
                "Robert'); DELETE FROM rooms WHERE '1'='1",
                "${jndi:ldap://example.invalid/a} {{7*7}} %s %n \\u0000 \\",
                "line one\nline two\r\n\ttabbed \"quoted\"");

        for (int i = 0; i < bodies.size(); i++) {
            aliceSocket.send(sendFrame(roomId, "text-" + i, bodies.get(i)));
            aliceSocket.expect("ACK");
        }

        List<String> live = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            String clientMsgId = "text-" + i;
            live.add(bobSocket.expect(frame -> isMessage(frame, clientMsgId), clientMsgId).path("body").asString());
        }
        var history = rest.get("/api/rooms/" + roomId + "/messages?afterSeq=0&limit=50", tokenFor(bob));
        List<String> stored = history.json().path("messages").valueStream()
                .map(message -> message.path("body").asString()).toList();
        assertThat(live).containsExactlyElementsOf(bodies);
        assertThat(stored).containsExactlyElementsOf(bodies);
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(stored.get(i).getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(bodies.get(i).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(history.body()).as("the server stores text, escaping is the UI's job").doesNotContain("&lt;script");
    }

    @Test
    void adminTextThatNoSocketCouldCarryIsRefusedWithBadRequestAndDropsNoOne() {
        String bob = uniqueUser("bob");
        WsClient chatSocket = chat(bob);
        WsClient notifySocket = connect("/ws/notify", bob);
        String admin = adminTokenFor(uniqueUser("root"));

        for (RestApi.Response refused : List.of(
                rest.postRaw("/api/announcements", admin, "{\"body\":\"maintenance \\ud800 at noon\"}"),
                rest.postRaw("/api/notifications", admin, "{\"userIds\":[\"" + bob
                        + "\"],\"kind\":\"test\",\"payload\":{\"text\":\"odd \\udc00 text\"}}"),
                rest.postRaw("/api/crowd/zones", admin,
                        "{\"name\":\"gate \\ud800\",\"lat\":1,\"lng\":1,\"radiusMeters\":10,\"threshold\":5}"),
                rest.postRaw("/api/crowd/zones", admin,
                        "{\"name\":\"gate \\u0000\",\"lat\":1,\"lng\":1,\"radiusMeters\":10,\"threshold\":5}"))) {
            assertThat(refused.status()).as("%s", refused).isEqualTo(400);
            assertThat(refused.problemCode()).isEqualTo("BAD_REQUEST");
        }

        assertStillServing(chatSocket);
        assertStillServing(notifySocket);
        assertThat(chatSocket.received("ANNOUNCEMENT")).isEmpty();
        assertThat(notifySocket.received("NOTIFICATION")).isEmpty();
        assertThat(rest.get("/api/notifications", tokenFor(bob)).status()).isEqualTo(200);
    }

    static List<Case> commonCases() {
        return List.of(
                Case.badRequest("{not json", null),
                Case.badRequest("{\"type\":\"PING\"", null),
                Case.badRequest("", null),
                Case.badRequest("{\"type\":\"PING\"} trailing", null),
                Case.badRequest("{\"type\":\"PING\"}{\"type\":\"PING\"}", null),
                Case.badRequest("[1,2,3]", null),
                Case.badRequest("\"just a string\"", null),
                Case.badRequest("42", null),
                Case.badRequest("null", null),
                Case.badRequest("true", null),
                Case.badRequest("{}", null),
                Case.badRequest("{\"type\":42}", null),
                Case.badRequest("{\"type\":null}", null),
                Case.badRequest("{\"type\":\"\"}", null),
                Case.badRequest("{\"type\":[\"PING\"]}", null),
                Case.badRequest(NESTED_10K, null),
                // Beyond the parser's limits, named as far as it was read
                Case.badRequest("{\"type\":\"PING\",\"deep\":" + NESTED_10K + "}", "PING"),
                Case.badRequest("{\"type\":\"NO_SUCH_TYPE\"}", "NO_SUCH_TYPE"),
                Case.badRequest("{\"type\":\"\\u0000\"}", "\u0000"),
                Case.badRequest("{\"type\":\"\\ud800\"}", "\ufffd"),
                Case.badRequest("{\"type\":\"<script>alert(1)</script>\"}", "<script>alert(1)</script>"),
                Case.badRequest("{\"type\":\"INIT\",\"token\":\"x\"}", "INIT"),
                Case.badRequest("{\"type\":\"REFRESH\"}", "REFRESH"),
                Case.badRequest("{\"type\":\"REFRESH\",\"token\":42}", "REFRESH"),
                Case.error("{\"type\":\"REFRESH\",\"token\":\"a\\u0000b\"}", "UNAUTHORIZED", "REFRESH"),
                Case.error("{\"type\":\"REFRESH\",\"token\":\"\\ud800\"}", "UNAUTHORIZED", "REFRESH"),
                Case.answered("{\"type\":\"PING\",\"big\":1e400,\"huge\":" + HUGE_INTEGER
                        + ",\"note\":\"\\u0000\\ud800\"}",
                        "PONG"));
    }

    static List<Case> chatCases(long roomId) {
        String send = "{\"type\":\"SEND\",\"roomId\":" + roomId + ",";
        String react = "{\"type\":\"REACT\",\"roomId\":" + roomId + ",\"messageId\":9223372036854775807,";
        return List.of(
                Case.badRequest("{\"type\":\"SEND\",\"roomId\":\"" + roomId
                        + "\",\"clientMsgId\":\"c1\",\"body\":\"x\"}", "c1"),
                Case.badRequest("{\"type\":\"SEND\",\"roomId\":1.5,\"clientMsgId\":\"c2\",\"body\":\"x\"}", "c2"),
                Case.badRequest("{\"type\":\"SEND\",\"roomId\":1e400,\"clientMsgId\":\"c3\",\"body\":\"x\"}", "c3"),
                Case.badRequest("{\"type\":\"SEND\",\"roomId\":" + HUGE_INTEGER
                        + ",\"clientMsgId\":\"c4\",\"body\":\"x\"}",
                        "c4"),
                Case.error("{\"type\":\"SEND\",\"roomId\":9223372036854775807,\"clientMsgId\":\"c5\",\"body\":\"x\"}",
                        "NOT_FOUND", "c5"),
                Case.badRequest(send + "\"clientMsgId\":42,\"body\":\"x\"}", "SEND"),
                Case.badRequest(send + "\"clientMsgId\":\"c6\",\"body\":{\"text\":\"x\"}}", "c6"),
                Case.badRequest(send + "\"clientMsgId\":\"c7\"}", "c7"),
                Case.badRequest(send + "\"clientMsgId\":\"c-long\",\"body\":\"x\",\"attributes\":{\"n\":"
                        + "7".repeat(2000) + "}}", "c-long"),
                Case.badRequest(send + "\"clientMsgId\":\"c-deep\",\"body\":\"x\",\"attributes\":{\"a\":"
                        + NESTED_10K + "}}", "c-deep"),
                Case.badRequest("{\"type\":\"SEND\",\"clientMsgId\":\"c8\",\"body\":\"x\"}", "c8"),
                Case.badRequest(send + "\"clientMsgId\":\"c9\",\"body\":\"\"}", "c9"),
                Case.badRequest(send + "\"clientMsgId\":\"" + "m".repeat(129) + "\",\"body\":\"x\"}", "m".repeat(129)),
                Case.badRequest(send + "\"clientMsgId\":\"c10\",\"body\":\"a\\u0000b\"}", "c10"),
                Case.badRequest(send + "\"clientMsgId\":\"c11\",\"body\":\"lone \\ud800 high\"}", "c11"),
                Case.badRequest(send + "\"clientMsgId\":\"c12\",\"body\":\"lone \\udc00 low\"}", "c12"),
                Case.badRequest(send + "\"clientMsgId\":\"\\ud800\",\"body\":\"x\"}", "\ufffd"),
                Case.badRequest(send + "\"clientMsgId\":\"a\\u0000\",\"body\":\"x\"}", "a\u0000"),
                Case.badRequest("{\"type\":\"SYNC\",\"roomId\":" + roomId + ",\"afterSeq\":-1}", "SYNC"),
                Case.badRequest("{\"type\":\"SYNC\",\"roomId\":" + roomId + ",\"afterSeq\":0,\"limit\":0}", "SYNC"),
                Case.badRequest("{\"type\":\"SYNC\",\"roomId\":" + roomId + ",\"afterSeq\":0,\"limit\":2147483648}",
                        "SYNC"),
                Case.badRequest("{\"type\":\"SYNC\",\"roomId\":" + roomId + ",\"afterSeq\":1e400}", "SYNC"),
                Case.badRequest("{\"type\":\"READ\",\"roomId\":" + roomId + ",\"seq\":\"1\"}", "READ"),
                Case.badRequest("{\"type\":\"TYPING\",\"roomId\":null}", "TYPING"),
                Case.badRequest("{\"type\":\"EDIT\",\"roomId\":" + roomId + ",\"body\":\"x\"}", "EDIT"),
                Case.badRequest("{\"type\":\"DELETE\",\"roomId\":" + roomId + ",\"messageId\":[1]}", "DELETE"),
                Case.error("{\"type\":\"SEND\",\"roomId\":-1,\"clientMsgId\":\"c13\",\"body\":\"x\"}", "NOT_FOUND",
                        "c13"),
                Case.badRequest("{\"type\":\"SYNC\",\"roomId\":" + roomId + ",\"afterSeq\":0,\"limit\":1e0}", "SYNC"),
                Case.badRequest("{\"type\":\"SYNC\",\"roomId\":" + roomId + ",\"afterRev\":-1}", "SYNC"),
                Case.badRequest("{\"type\":\"SYNC\",\"roomId\":" + roomId + ",\"afterRev\":\"0\"}", "SYNC"),
                Case.badRequest("{\"type\":\"SYNC\",\"roomId\":" + roomId + ",\"afterRev\":0,\"limit\":0}", "SYNC"),
                Case.badRequest(send + "\"clientMsgId\":\"c14\",\"body\":\"x\",\"attributes\":[1]}", "c14"),
                Case.badRequest(send + "\"clientMsgId\":\"c15\",\"body\":\"x\",\"attributes\":\"{}\"}", "c15"),
                Case.badRequest(send + "\"clientMsgId\":\"c16\",\"body\":\"x\",\"attributes\":"
                        + "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{}}}}}}}}}}", "c16"),
                Case.error(send + "\"clientMsgId\":\"c17\",\"body\":\"x\",\"attributes\":{\"t\":\""
                        + "x".repeat(9000) + "\"}}", "TOO_LARGE", "c17"),
                Case.badRequest(react + "\"emoji\":\"\\ud83d\"}", "REACT"),
                Case.badRequest(react + "\"emoji\":\"\\u0000\"}", "REACT"),
                Case.badRequest(react + "\"emoji\":\"\\u2764\\ufe0e\"}", "REACT"),
                Case.badRequest(react + "\"emoji\":\"" + "\\ud83d\\udc4d".repeat(17) + "\"}", "REACT"),
                Case.badRequest(react + "\"emoji\":128077}", "REACT"),
                Case.badRequest("{\"type\":\"UNREACT\",\"roomId\":" + roomId + ",\"emoji\":\"x\"}", "UNREACT"),
                Case.error(react + "\"emoji\":\"\\ud83d\\udc4d\"}", "NOT_FOUND", "REACT"),
                Case.error("{\"type\":\"REACT\",\"roomId\":-1,\"messageId\":1,\"emoji\":\"\\ud83d\\udc4d\"}",
                        "NOT_FOUND", "REACT"));
    }

    static List<Case> notifyCases() {
        return List.of(
                Case.badRequest("{\"type\":\"ACK\",\"id\":\"1\"}", "ACK"),
                Case.badRequest("{\"type\":\"ACK\"}", "ACK"),
                Case.badRequest("{\"type\":\"ACK\",\"id\":1.5}", "ACK"),
                Case.badRequest("{\"type\":\"ACK\",\"id\":1e400}", "ACK"),
                Case.badRequest("{\"type\":\"ACK\",\"id\":" + HUGE_INTEGER + "}", "ACK"),
                Case.badRequest("{\"type\":\"ACK\",\"id\":{\"$gt\":0}}", "ACK"),
                Case.error("{\"type\":\"ACK\",\"id\":9223372036854775807}", "NOT_FOUND", "ACK"),
                Case.error("{\"type\":\"ACK\",\"id\":-1,\"note\":\"\\u0000\\ud800\"}", "NOT_FOUND", "ACK"),
                Case.badRequest("{\"type\":\"SEND\",\"roomId\":1,\"clientMsgId\":\"c1\",\"body\":\"x\"}", "c1"));
    }

    static List<Case> crowdCases() {
        return List.of(
                Case.badRequest("{\"type\":\"LOCATION\",\"lat\":\"52\",\"lng\":13}", "LOCATION"),
                Case.badRequest("{\"type\":\"LOCATION\",\"lat\":52}", "LOCATION"),
                Case.badRequest("{\"type\":\"LOCATION\",\"lat\":true,\"lng\":13}", "LOCATION"),
                Case.badRequest("{\"type\":\"LOCATION\",\"lat\":1e400,\"lng\":13}", "LOCATION"),
                Case.badRequest("{\"type\":\"LOCATION\",\"lat\":" + HUGE_INTEGER + ",\"lng\":13}", "LOCATION"),
                Case.badRequest("{\"type\":\"LOCATION\",\"lat\":91,\"lng\":13}", "LOCATION"),
                Case.badRequest("{\"type\":\"LOCATION\",\"lat\":52,\"lng\":-180.0001}", "LOCATION"),
                Case.badRequest("{\"type\":\"LOCATION\",\"lat\":[52],\"lng\":13,\"label\":\"\\u0000\\ud800\"}",
                        "LOCATION"),
                Case.badRequest("{\"type\":\"SEND\",\"roomId\":1,\"clientMsgId\":\"c1\",\"body\":\"x\"}", "c1"));
    }

    private void checkAnswer(WsClient socket, Case input) {
        String shown = input.text().length() > 120 ? input.text().substring(0, 120) + "…" : input.text();
        JsonNode answer = socket.expect(frame -> !"MESSAGE".equals(frame.path("type").asString())
                && !"PRESENCE".equals(frame.path("type").asString()), "the answer to " + shown);
        assertThat(answer.path("type").asString()).as("answer to %s: %s", shown, answer).isEqualTo(input.answer());
        if (input.code() != null) {
            assertThat(answer.path("code").asString()).as("code answering %s: %s", shown, answer)
                    .isEqualTo(input.code());
            if (input.ref() == null) {
                assertThat(answer.has("ref")).as("ref answering %s: %s", shown, answer).isFalse();
            } else {
                assertThat(answer.path("ref").asString()).as("ref answering %s: %s", shown, answer)
                        .isEqualTo(input.ref());
            }
            Long roomId = integerRoomId(input.text());
            if (roomId == null) {
                assertThat(answer.has("roomId")).as("roomId answering %s: %s", shown, answer).isFalse();
            } else {
                assertThat(answer.path("roomId").asLong()).as("roomId answering %s: %s", shown, answer)
                        .isEqualTo(roomId);
            }
        }
        assertStillServing(socket);
    }

    /** The refused frame's roomId, which its ERROR echoes, when it has an integer one (null when unparsable). */
    private static Long integerRoomId(String text) {
        try {
            JsonNode roomId = JSON.readTree(text).get("roomId");
            return roomId != null && roomId.isIntegralNumber() && roomId.canConvertToLong() ? roomId.longValue() : null;
        } catch (JacksonException | IllegalArgumentException unparsable) {
            return null;
        }
    }

    private static void assertStillServing(WsClient socket) {
        socket.send("{\"type\":\"PING\"}");
        socket.expect("PONG");
        assertThat(socket.isClosed()).isFalse();
    }

    private void assertServerAndBystandersUnaffected() {
        assertThat(Actuator.health(rest)).isEqualTo("UP");
        String clientMsgId = "bystander-" + System.nanoTime();
        talking.send(sendFrame(bystanderRoom, clientMsgId, "meanwhile, elsewhere"));
        talking.expect("ACK");
        assertThat(listening.expect(frame -> isMessage(frame, clientMsgId), "the bystanders' message")
                .path("body").asString()).isEqualTo("meanwhile, elsewhere");
    }

    private WsClient connect(String path, String userId) {
        WsClient socket = track(WsClient.connect(wsUri(path), Map.of("Authorization", "Bearer " + tokenFor(userId))));
        socket.expect("READY");
        return socket;
    }
}
