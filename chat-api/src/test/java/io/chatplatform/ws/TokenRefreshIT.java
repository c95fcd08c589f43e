package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.WsClient;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * A socket lives until its token expires (4401), unless it sends REFRESH with a newer token of the same user
 * first. Another user's token closes it (4403); an invalid one is refused and changes nothing.
 */
class TokenRefreshIT extends ChatServerTest {

    @Value("${chat.auth.jwt-secret}")
    String secret;

    @Test
    void socketThatRefreshesWithANewerTokenOfTheSameUserOutlivesItsFirstToken() {
        String alice = uniqueUser("alice");
        WsClient socket = connect(shortLivedToken(alice, Duration.ofSeconds(3)));
        Instant firstExpiry = Instant.parse(socket.expect("READY").path("expiresAt").asString());

        socket.send(frame("type", "REFRESH", "token", tokenFor(alice)));

        JsonNode refreshed = socket.expect("REFRESHED");
        assertThat(Instant.parse(refreshed.path("expiresAt").asString())).isAfter(firstExpiry.plusSeconds(60));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> !socket.isClosed());
        assertThat(Instant.now()).isAfter(firstExpiry);
        socket.send(frame("type", "PING"));
        socket.expect("PONG");
    }

    @Test
    void refreshWithAnotherUsersTokenClosesWith4403() {
        String alice = uniqueUser("alice");
        WsClient socket = chat(alice);

        socket.send(frame("type", "REFRESH", "token", tokenFor(uniqueUser("mallory"))));

        assertThat(socket.awaitCloseCode()).isEqualTo(4403);
        assertThat(socket.received("REFRESHED")).isEmpty();
    }

    @Test
    void invalidRefreshIsRefusedAndTheSocketLivesUntilItsFirstTokenExpires() {
        String alice = uniqueUser("alice");
        WsClient socket = connect(shortLivedToken(alice, Duration.ofSeconds(4)));
        Instant expiry = Instant.parse(socket.expect("READY").path("expiresAt").asString());

        for (String bad : new String[] {"garbage", shortLivedToken(alice, Duration.ofSeconds(-30)),
                tokenFor(alice).substring(0, tokenFor(alice).lastIndexOf('.')) + ".forged-signature"}) {
            socket.send(frame("type", "REFRESH", "token", bad));
            JsonNode error = socket.expect("ERROR");
            assertThat(error.path("code").asString()).isEqualTo("UNAUTHORIZED");
            assertThat(error.path("ref").asString()).isEqualTo("REFRESH");
        }
        socket.send(frame("type", "PING"));
        socket.expect("PONG");

        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
        assertThat(Instant.now()).isAfterOrEqualTo(expiry);
    }

    private WsClient connect(String token) {
        return track(WsClient.connect(wsUri("/ws/chat"), Map.of("Authorization", "Bearer " + token)));
    }

    /** A token as any issuer holding the secret would mint it; a negative lifetime gives an expired one. */
    private String shortLivedToken(String userId, Duration lifetime) {
        long now = System.currentTimeMillis();
        return Jwts.builder().subject(userId).claim("role", "USER")
                .issuedAt(new Date(now))
                .expiration(new Date(now + lifetime.toMillis()))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
    }
}
