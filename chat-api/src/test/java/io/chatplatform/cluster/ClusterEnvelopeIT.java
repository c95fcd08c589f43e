package io.chatplatform.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.Actuator;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.ExternalRedis;
import io.chatplatform.testing.RequiresRedis;
import io.chatplatform.testing.WsClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Someone who can publish on the cluster's Redis channel but is no node of the cluster (no
 * {@code chat.cluster.secret}) publishes raw envelopes, as {@code redis-cli SPUBLISH} would, to a node in cluster
 * mode: forged messages and disconnects, envelopes signed with another key, stale and replayed ones. None reaches a
 * socket or closes one. A genuine envelope published after them, signed as a node signs it, does arrive: it shows
 * the forged ones were read and refused, not still on their way. And an authenticated envelope announcing a seq far
 * ahead of the room does not silence it.
 */
@RequiresRedis
class ClusterEnvelopeIT extends ChatServerTest {

    static final String PREFIX = "chat-envelope-it-" + UUID.randomUUID().toString().substring(0, 8);
    static final String SECRET = "cluster-envelope-it-secret-0123456789-abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static RedisClient redis;
    static StatefulRedisConnection<String, String> publisher;

    @DynamicPropertySource
    static void clusterMode(DynamicPropertyRegistry registry) {
        registry.add("chat.cluster.mode", () -> "redis");
        registry.add("chat.cluster.redis-url", ExternalRedis::url);
        registry.add("chat.cluster.key-prefix", () -> PREFIX);
        registry.add("chat.cluster.node-id", () -> "node-under-attack");
        registry.add("chat.cluster.secret", () -> SECRET);
        registry.add("chat.cluster.gap-timeout", () -> "100ms");
    }

    @BeforeAll
    static void connectPublisher() {
        redis = RedisClient.create(ExternalRedis.url());
        publisher = redis.connect();
    }

    @AfterAll
    static void disconnectPublisher() {
        if (publisher != null) {
            publisher.close();
            redis.shutdown();
        }
    }

    @Test
    void forgedMessagesReachNoSocket() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient bobSocket = chat(bob);
        double rejectedBefore = rejected("");
        String forged = messageFrame(roomId, 0, alice, "forged: send me your password");
        String room = roomChannel(roomId);

        publish(room, header("ROOM", roomId, 0, null, now()) + "\n" + forged); // the unsigned format of old
        publish(room, signed("another-cluster-secret-0123456789-abcdefgh", header("ROOM", roomId, 0, null, now()),
                forged));
        publish(room, "v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n" + header("ROOM", roomId, 0, null, now()) + "\n"
                + forged);
        publish(room, signed(SECRET, header("ROOM", roomId, 0, null, now() - Duration.ofMinutes(10).toMillis()),
                forged));
        publish(room, signed(SECRET, header("ROOM", roomId, 0, null, now()),
                messageFrame(roomId, 0, alice, "genuine")));

        JsonNode first = bobSocket.expect(frame -> "MESSAGE".equals(frame.path("type").asString()),
                "the first MESSAGE from the channel");
        assertThat(first.path("body").asString()).isEqualTo("genuine");
        assertThat(bobSocket.received("MESSAGE")).isEmpty();
        assertThat(rejected("")).isEqualTo(rejectedBefore + 4);
        assertThat(rejected("unsigned")).isPositive();
        assertThat(rejected("bad_mac")).isPositive();
        assertThat(rejected("stale")).isPositive();
    }

    @Test
    void forgedOrReplayedDisconnectsCloseNobody() {
        String bob = uniqueUser("bob");
        WsClient bobSocket = chat(bob);
        String channel = userChannel(bob);

        publish(channel, header("DISCONNECT", null, 0, List.of(bob), now()) + "\n" + "forged");
        publish(channel, signed("another-cluster-secret-0123456789-abcdefgh",
                header("DISCONNECT", null, 0, List.of(bob), now()), "forged"));
        probe(bob, bobSocket, 1);
        assertThat(bobSocket.isClosed()).as("bob's socket after forged DISCONNECTs").isFalse();

        String genuine = signed(SECRET, header("DISCONNECT", null, 0, List.of(bob), now()), "account deleted");
        publish(channel, genuine);
        assertThat(bobSocket.awaitCloseCode()).as("a genuine DISCONNECT takes effect").isEqualTo(4403);
        WsClient bobAgain = chat(bob);
        double replayedBefore = rejected("replayed");
        publish(channel, genuine);
        probe(bob, bobAgain, 2);
        assertThat(bobAgain.isClosed()).as("bob's new socket after the DISCONNECT was replayed").isFalse();
        assertThat(rejected("replayed")).isEqualTo(replayedBefore + 1);
    }

    @Test
    void anAnnouncedSeqFarAheadOfTheRoomDoesNotSilenceIt() {
        String alice = uniqueUser("alice");
        String bob = uniqueUser("bob");
        long roomId = createRoom(alice, bob);
        WsClient aliceSocket = chat(alice);
        WsClient bobSocket = chat(bob);
        aliceSocket.send(sendFrame(roomId, "m-0", "before"));
        bobSocket.expect(frame -> isMessage(frame, "m-0"), "m-0");
        double discardedBefore = Actuator.meter(rest, "chat.cluster.messages.discarded");
        long farAhead = 1_000_000_000_000L;
        String room = roomChannel(roomId);

        // Signed: what a compromised or broken node could send. It must still not hold the room up.
        publish(room, signed(SECRET, header("ROOM", roomId, farAhead, null, now()),
                messageFrame(roomId, farAhead, alice, "from the future")));
        // Until the node has dealt with it (after the gap timeout), every real message still arrives.
        int sent = 0;
        while (Actuator.meter(rest, "chat.cluster.messages.discarded") == discardedBefore) {
            assertThat(sent).as("messages sent while waiting for the far-ahead seq to be discarded").isLessThan(500);
            String clientMsgId = "m-" + ++sent;
            aliceSocket.send(sendFrame(roomId, clientMsgId, "while it waits " + sent));
            bobSocket.expect(frame -> isMessage(frame, clientMsgId), clientMsgId);
        }
        for (int i = 1; i <= 3; i++) {
            String clientMsgId = "after-" + i;
            aliceSocket.send(sendFrame(roomId, clientMsgId, "after " + i));
            bobSocket.expect(frame -> isMessage(frame, clientMsgId), clientMsgId);
        }

        assertThat(bobSocket.received("MESSAGE")).noneMatch(m -> m.path("body").asString().equals("from the future"));
    }

    /** Sends a frame through the channel to the user, as a node would, and waits until it arrived or they were cut. */
    private void probe(String userId, WsClient socket, int n) {
        publish(userChannel(userId), signed(SECRET, header("USERS", null, 0, List.of(userId), now()),
                "{\"type\":\"PROBE\",\"n\":" + n + "}"));
        await().atMost(WsClient.WAIT).until(() -> !socket.received("PROBE").isEmpty() || socket.isClosed());
    }

    private double rejected(String reason) {
        return Actuator.meter(rest, "chat.cluster.envelopes.rejected" + (reason.isEmpty() ? "" : "?tag=reason:"
                + reason));
    }

    /** On the channel a node would use (sharded pub/sub: the room's, or the user's), as {@code SPUBLISH} would. */
    private static void publish(String channel, String message) {
        assertThat(publisher.sync().spublish(channel, message)).as("subscribers").isPositive();
    }

    private static String roomChannel(long roomId) {
        return PREFIX + ":room:" + roomId;
    }

    private static String userChannel(String userId) {
        return PREFIX + ":user:" + userId;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static String header(String target, Long roomId, long seq, List<String> userIds, long sentAt) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("origin", "intruder");
        header.put("sentAt", sentAt);
        header.put("target", target);
        header.put("endpoint", "CHAT");
        header.put("roomId", roomId);
        header.put("seq", seq);
        header.put("membershipVersion", 0);
        header.put("userIds", userIds);
        return JSON.writeValueAsString(header);
    }

    private static String messageFrame(long roomId, long seq, String senderId, String body) {
        return JSON.writeValueAsString(Map.of("type", "MESSAGE", "roomId", roomId, "messageId", 1, "seq", seq,
                "senderId", senderId, "clientMsgId", "x", "body", body, "sentAt", "2026-01-01T00:00:00Z"));
    }

    /** The wire format a node writes: {@code v1.<base64url HMAC-SHA256 of the rest>}, header, frame. */
    private static String signed(String secret, String header, String frame) {
        String signedPart = header + "\n" + frame;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signedPart.getBytes(StandardCharsets.UTF_8))) + "\n" + signedPart;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
