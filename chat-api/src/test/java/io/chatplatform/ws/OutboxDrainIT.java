package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * With the default limits (50 frames a second, bursts of 100, pacing on), a client that comes back with 500
 * unacknowledged SENDs and sends them all at once gets every one stored exactly once: past the burst the server
 * stops reading the connection until the rate allows the next frame, so nothing is refused, nothing has to be
 * resent, and the connection stays open. A paced connection slows nobody else, not even its own user's other one.
 */
class OutboxDrainIT extends ChatServerTest {

    static final int OUTBOX = 500;
    /** 400 frames past the burst at 50 a second take 8 s; a slow machine gets plenty more. */
    static final Duration DRAIN = Duration.ofSeconds(60);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void fiveHundredSendsAtOnceAreAllStoredExactlyOnceWithoutARefusal() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice, uniqueUser("bob"));
        WsClient socket = chat(alice);
        double pausedBefore = pausedReads();

        List<String> outbox = outbox(alice);
        outbox.forEach(id -> socket.send(sendFrame(roomId, id, "queued while offline: " + id)));

        await().atMost(DRAIN).pollInterval(Duration.ofMillis(50))
                .until(() -> socket.received("ACK").size() >= OUTBOX || !socket.received("ERROR").isEmpty());
        assertThat(socket.received("ERROR")).as("refusals").isEmpty();
        assertThat(socket.isClosed()).isFalse();
        assertEveryOneAckedOnce(socket.received("ACK"), outbox);
        assertStoredExactlyOnce(jdbc, rest, tokenFor(alice), roomId, alice, outbox);
        assertThat(pausedReads() - pausedBefore).as("reads paused for the rate").isPositive();

        socket.send(frame("type", "PING"));
        socket.expect("PONG");
    }

    @Test
    void aPacedConnectionDoesNotDelayAnotherConnectionOfTheSameUser() {
        String alice = uniqueUser("alice");
        long roomId = createRoom(alice);
        WsClient flooding = chat(alice);
        WsClient phone = chat(alice);

        // Ten seconds of TYPING at the sustained rate, then a SEND behind it on the same connection.
        for (int i = 0; i < 600; i++) {
            flooding.send(frame("type", "TYPING", "roomId", roomId));
        }
        flooding.send(sendFrame(roomId, "behind-the-typing", "waits its turn"));

        phone.send(sendFrame(roomId, "from-the-phone", "goes through at once"));
        phone.expect(frame -> "ACK".equals(frame.path("type").asString())
                && "from-the-phone".equals(frame.path("clientMsgId").asString()), "the phone's ACK");
        assertThat(flooding.received("ACK")).as("the SEND queued behind 600 TYPINGs, still waiting").isEmpty();

        await().atMost(DRAIN).until(() -> !flooding.received("ACK").isEmpty());
        assertThat(flooding.received("ACK")).singleElement()
                .satisfies(ack -> assertThat(ack.path("clientMsgId").asString()).isEqualTo("behind-the-typing"));
        assertThat(flooding.received("ERROR")).isEmpty();
        assertThat(flooding.isClosed()).isFalse();
    }

    private double pausedReads() {
        return meters.get("chat.ws.reads.paused").tag("endpoint", "/ws/chat").counter().count();
    }

    static List<String> outbox(String sender) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= OUTBOX; i++) {
            ids.add(sender + "-outbox-" + i);
        }
        return ids;
    }

    static void assertEveryOneAckedOnce(List<JsonNode> acks, List<String> outbox) {
        List<String> acked = acks.stream().map(ack -> ack.path("clientMsgId").asString()).toList();
        assertThat(acked).as("ACKed clientMsgIds").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(outbox);
        assertThat(acks.stream().map(ack -> ack.path("seq").asLong()).sorted().toList())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, outbox.size()).boxed().toList());
    }

    /** The database holds each of these SENDs once, numbered 1 to n without a gap; REST history agrees. */
    static void assertStoredExactlyOnce(JdbcTemplate jdbc, RestApi rest, String senderToken, long roomId,
            String sender, List<String> outbox) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select seq, client_msg_id from messages where room_id = ? and sender_id = ? order by seq", roomId,
                sender);
        assertThat(rows).extracting(row -> ((Number) row.get("seq")).longValue())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, outbox.size()).boxed().toList());
        assertThat(rows).extracting(row -> (String) row.get("client_msg_id"))
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(outbox);

        Set<String> inHistory = new LinkedHashSet<>();
        long afterSeq = 0;
        boolean more = true;
        while (more) {
            JsonNode page = rest.get("/api/rooms/" + roomId + "/messages?afterSeq=" + afterSeq + "&limit=200",
                    senderToken).json();
            for (JsonNode message : page.path("messages")) {
                assertThat(message.path("seq").asLong()).isEqualTo(afterSeq + 1);
                afterSeq = message.path("seq").asLong();
                assertThat(inHistory.add(message.path("clientMsgId").asString())).isTrue();
            }
            more = page.path("hasMore").asBoolean();
        }
        assertThat(inHistory).containsExactlyInAnyOrderElementsOf(outbox);
    }
}
