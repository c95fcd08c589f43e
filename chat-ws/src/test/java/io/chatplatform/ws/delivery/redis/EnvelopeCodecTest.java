package io.chatplatform.ws.delivery.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.auth.AuthProperties;
import io.chatplatform.ws.delivery.ClusterProperties;
import io.chatplatform.ws.delivery.Envelope;
import io.chatplatform.ws.delivery.redis.EnvelopeCodec.Reason;
import io.chatplatform.ws.delivery.redis.EnvelopeCodec.Rejected;
import io.chatplatform.ws.session.Endpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EnvelopeCodecTest {

    static final String SECRET = "a-cluster-secret-of-at-least-32-bytes!";
    static final long NOW = 1_764_451_200_000L;
    static final long MAX_AGE = 30_000;
    static final JsonMapper JSON = JsonMapper.builder().build();

    final EnvelopeCodec codec = codec(SECRET);
    final Envelope message = Envelope.toRoom(42L, 7, 3, "{\"type\":\"MESSAGE\",\"body\":\"a\\nb\"}").withOrigin("node-a");

    @Test
    void aSignedEnvelopeOpensAsItWasSent() {
        EnvelopeCodec.Received received = codec.decode(codec.encode(message, NOW), NOW + 5);

        assertThat(received.envelope()).isEqualTo(message);
        assertThat(received.sentAt()).isEqualTo(NOW);
    }

    @Test
    void anythingButAnEnvelopeSignedWithTheClusterKeyIsRejected() {
        String genuine = codec.encode(message, NOW);
        String afterMac = genuine.substring(genuine.indexOf('\n') + 1);

        assertRejected(() -> codec.decode(afterMac, NOW), Reason.UNSIGNED);
        assertRejected(() -> codec.decode(codec("another-secret-of-at-least-32-bytes!!").encode(message, NOW), NOW),
                Reason.BAD_MAC);
        assertRejected(() -> codec.decode(genuine.replace("\"seq\":7", "\"seq\":8"), NOW), Reason.BAD_MAC);
        assertRejected(() -> codec.decode(genuine.replace("a\\nb", "a\\nc"), NOW), Reason.BAD_MAC);
        assertRejected(() -> codec.decode("v1.%%%\n" + afterMac, NOW), Reason.BAD_MAC);
        assertRejected(() -> codec.decode("v1." + new EnvelopeMac(SECRET.getBytes(StandardCharsets.UTF_8))
                .sign("not json") + "\nnot json", NOW), Reason.MALFORMED);
    }

    @Test
    void anEnvelopeOutsideItsTimeWindowIsRejected() {
        String genuine = codec.encode(message, NOW);

        assertThat(codec.decode(genuine, NOW + MAX_AGE).envelope()).isEqualTo(message);
        assertRejected(() -> codec.decode(genuine, NOW + MAX_AGE + 1), Reason.STALE);
        assertRejected(() -> codec.decode(genuine, NOW - MAX_AGE - 1), Reason.STALE);
    }

    @Test
    void evenAuthenticatedEnvelopesAreBoundedInSizeAndUsers() {
        List<String> tooMany = IntStream.rangeClosed(0, Envelope.MAX_USER_IDS).mapToObj(i -> "u" + i).toList();
        Envelope huge = Envelope.toRoom(1L, 0, 0, "x".repeat(EnvelopeCodec.MAX_CHARS));

        assertRejected(() -> codec.decode(codec.encode(Envelope.disconnect(tooMany, "bye").withOrigin("n"), NOW), NOW),
                Reason.TOO_MANY_USERS);
        assertRejected(() -> codec.decode(codec.encode(huge, NOW), NOW), Reason.TOO_LARGE);
        assertThat(codec.decode(codec.encode(Envelope.toUsers(Endpoint.CHAT, tooMany.subList(0, Envelope.MAX_USER_IDS),
                "{}"), NOW), NOW).envelope().userIds()).hasSize(Envelope.MAX_USER_IDS);
    }

    @Test
    void clusterModeUnderAProfileThatRequiresASecretRefusesToStartWithoutOne() {
        assertThatThrownBy(() -> EnvelopeMac.forCluster(cluster(null, true), auth("jwt-secret-0123456789-0123456789-x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CHAT_CLUSTER_SECRET is not set");
        assertThatThrownBy(() -> EnvelopeMac.forCluster(cluster("short", false), auth(null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least 32 bytes");
    }

    @Test
    void withoutASecretNodesSharingAJwtSecretShareAKeyThatIsNotTheJwtSecret() {
        String jwt = "jwt-secret-0123456789-0123456789-x";
        EnvelopeMac one = EnvelopeMac.forCluster(cluster(" ", false), auth(jwt));
        EnvelopeMac other = EnvelopeMac.forCluster(cluster(null, false), auth(jwt));

        assertThat(other.verifies("text", one.sign("text"))).isTrue();
        assertThat(new EnvelopeMac(jwt.getBytes(StandardCharsets.UTF_8)).verifies("text", one.sign("text"))).isFalse();
        assertThat(EnvelopeMac.forCluster(cluster(null, false), auth(jwt + "2")).verifies("text", one.sign("text")))
                .isFalse();
    }

    private static EnvelopeCodec codec(String secret) {
        return new EnvelopeCodec(JSON, EnvelopeMac.forCluster(cluster(secret, true), auth(null)), MAX_AGE);
    }

    private static ClusterProperties cluster(String secret, boolean requireSecret) {
        return new ClusterProperties(ClusterProperties.Mode.REDIS, "redis://unused", "test", "node",
                Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofMillis(300), secret, requireSecret,
                Duration.ofMillis(MAX_AGE));
    }

    private static AuthProperties auth(String jwtSecret) {
        return new AuthProperties(jwtSecret, false, Duration.ofHours(1), Duration.ZERO, List.of(), true, Duration.ofSeconds(30));
    }

    private static void assertRejected(ThrowingCallable decoding, Reason reason) {
        assertThatThrownBy(decoding).isInstanceOfSatisfying(Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(reason));
    }
}
