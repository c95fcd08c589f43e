package io.chatplatform.api.issuer;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RestApi.Response;
import io.chatplatform.testing.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import testidp.TestAuthorizationServer;
import tools.jackson.databind.JsonNode;

/**
 * Tokens of an external issuer, a real Spring Authorization Server running beside the chat server, over REST and
 * WebSocket: accepted when signed with its published keys and meant for this platform, refused otherwise.
 */
class ExternalIssuerIT extends ChatServerTest {

    private static final Duration MIN_REFRESH = Duration.ofSeconds(2);
    private static TestAuthorizationServer idp;

    @DynamicPropertySource
    static void trustTheAuthorizationServer(DynamicPropertyRegistry properties) {
        idp = TestAuthorizationServer.start();
        properties.add("chat.auth.issuers[0].issuer-uri", idp::issuer);
        properties.add("chat.auth.issuers[0].jwk-set-uri", () -> idp.jwkSetUri().toString());
        properties.add("chat.auth.issuers[0].audiences[0]", () -> TestAuthorizationServer.AUDIENCE);
        properties.add("chat.auth.issuers[0].role-claim", () -> "chat_roles");
        properties.add("chat.auth.issuers[0].admin-role", () -> "chat-admin");
        properties.add("chat.auth.issuers[0].user-id-prefix", () -> "sas:");
        properties.add("chat.auth.issuers[0].jwks-min-refresh-interval", MIN_REFRESH::toString);
    }

    @AfterAll
    static void stopTheAuthorizationServer() {
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void aRestCallWithTheIssuersTokenActsAsItsPrefixedSubject() {
        String token = idp.token("chat-web");

        Response created = rest.post("/api/rooms", token, Map.of("name", "from outside", "type", "GROUP",
                "members", List.of()));

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        long roomId = created.json().path("id").asLong();
        JsonNode members = rest.get("/api/rooms/" + roomId + "/members", token).json();
        assertThat(members.toString()).contains("\"sas:chat-web\"");
        assertThat(rest.get("/api/rooms", token).json().toString()).contains("from outside");
    }

    @Test
    void anEs256TokenOfTheIssuerIsAcceptedToo() {
        assertThat(rest.get("/api/rooms", idp.token("chat-ec")).status()).isEqualTo(200);
    }

    @Test
    void theSharedSecretsTokensKeepWorkingBesideTheIssuer() {
        assertThat(rest.get("/api/rooms", tokenFor(uniqueUser("alice"))).status()).isEqualTo(200);
    }

    @Test
    void aWebSocketInitAndRefreshWithTheIssuersTokensWork() {
        String token = idp.token("chat-web");
        // Have the keys fetched now: the test profile's 1 s INIT window is no place to wait for a cold issuer.
        assertThat(rest.get("/api/rooms", token).status()).isEqualTo(200);
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));

        socket.send(frame("type", "INIT", "token", token, "device", "test-suite"));

        assertThat(socket.expect("READY").path("userId").asString()).isEqualTo("sas:chat-web");
        socket.send(frame("type", "REFRESH", "token", idp.token("chat-web")));
        socket.expect("REFRESHED");
    }

    @Test
    void aWebSocketHandshakeWithTheIssuersTokenGetsReady() {
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat"),
                Map.of("Authorization", "Bearer " + idp.token("chat-ec"))));

        assertThat(socket.expect("READY").path("userId").asString()).isEqualTo("sas:chat-ec");
    }

    /** The decoder skips characters outside base64url: with them slipped into its signature, the token still verified. */
    @Test
    void aTokenOfTheIssuerWithCharactersOutsideBase64UrlIsRefused() {
        String token = idp.token("chat-ec");
        int inSignature = token.lastIndexOf('.') + 10;
        assertThat(rest.get("/api/rooms", token).status()).isEqualTo(200);

        for (String inserted : List.of("!", "+", "=", "*")) {
            String altered = token.substring(0, inSignature) + inserted + token.substring(inSignature);
            assertProblem(rest.get("/api/rooms", altered), 401, "UNAUTHORIZED");
            WsClient socket = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));
            socket.send(frame("type", "INIT", "token", altered));
            assertThat(socket.awaitCloseCode()).as(inserted).isEqualTo(4401);
        }
    }

    @Test
    void aTokenTheIssuerMintedForAnotherAudienceIsRefused() {
        String token = idp.token("other-app");

        Response response = rest.get("/api/rooms", token);

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.json().path("detail").asString()).contains("aud");
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));
        socket.send(frame("type", "INIT", "token", token));
        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
    }

    /** As the shared secret's tokens: issued "later", a token would outlive a revocation of its subject. */
    @Test
    void aTokenTheIssuerDatedInTheFutureIsRefused() {
        Response response = rest.get("/api/rooms", idp.token("chat-future"));

        assertProblem(response, 401, "UNAUTHORIZED");
        assertThat(response.json().path("detail").asString()).contains("iat");
    }

    @Test
    void anUnmappedRoleClaimGivesNoAdminRights() {
        // chat-web's token says role: ADMIN, the contract's claim; only chat_roles counts for this issuer.
        assertProblem(rest.post("/api/announcements", idp.token("chat-web"), Map.of("body", "hi")), 403, "FORBIDDEN");
    }

    @Test
    void theMappedRoleClaimMakesAPlatformAdmin() {
        Response response = rest.post("/api/announcements", idp.token("chat-ops"), Map.of("body", "maintenance at 5"));

        assertThat(response.status()).as("%s", response).isEqualTo(202);
    }

    @Test
    void aTokenClaimingTheIssuerButSignedWithAnotherKeyIsRefused() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(idp.currentKeyId()).generate();

        String forged = sign(attacker, claims(idp.issuer()));

        Response response = rest.get("/api/rooms", forged);
        assertProblem(response, 401, "UNAUTHORIZED");
        WsClient socket = track(WsClient.connect(wsUri("/ws/chat"), Map.of()));
        socket.send(frame("type", "INIT", "token", forged));
        assertThat(socket.awaitCloseCode()).isEqualTo(4401);
    }

    @Test
    void aTokenOfAnotherAuthorizationServerIsRefused() {
        try (TestAuthorizationServer stranger = TestAuthorizationServer.start()) {
            String token = stranger.token("chat-web");

            Response response = rest.get("/api/rooms", token);

            assertProblem(response, 401, "UNAUTHORIZED");
            assertThat(response.json().path("detail").asString()).isEqualTo("token issuer is not trusted");
            assertThat(WsClient.refusedStatus(wsUri("/ws/chat"), Map.of("Authorization", "Bearer " + token)))
                    .contains(401);
        }
    }

    @Test
    void tokensNamingMadeUpKeysDoNotFetchTheKeysForEveryToken() throws Exception {
        assertThat(rest.get("/api/rooms", idp.token("chat-web")).status()).isEqualTo(200);
        assertThat(idp.jwkSetRequests()).as("JWK set fetches so far").isPositive();
        RSAKey attacker = new RSAKeyGenerator(2048).generate();
        int before = idp.jwkSetRequests();
        long started = System.nanoTime();

        int tokens = 30;
        for (int i = 0; i < tokens; i++) {
            String forged = sign(new RSAKey.Builder(attacker).keyID(UUID.randomUUID().toString()).build(),
                    claims(idp.issuer()));
            assertProblem(rest.get("/api/rooms", forged), 401, "UNAUTHORIZED");
        }

        // At most two fetches per interval of Nimbus's rate limiter, however many tokens name unknown keys. Its
        // intervals start at its own first fetch, not when this loop started, so the loop may straddle one more
        // interval than its length covers (seen on a loaded machine: 3 fetches in a loop shorter than one interval).
        long intervals = 2 + Duration.ofNanos(System.nanoTime() - started).toMillis() / MIN_REFRESH.toMillis();
        assertThat(idp.jwkSetRequests() - before).isLessThanOrEqualTo((int) Math.min(tokens - 1, 2 * intervals));
    }

    @Test
    void afterTheIssuerRotatesItsKeyTokensSignedWithTheNewKeyAreAccepted() {
        String before = idp.token("chat-web");
        assertThat(rest.get("/api/rooms", before).status()).isEqualTo(200);

        idp.rotateKey();
        String after = idp.token("chat-web");

        // The new key id is not cached: the keys are fetched again (at once, unless made-up key ids just used up
        // the interval's fetches).
        await().atMost(MIN_REFRESH.multipliedBy(5)).untilAsserted(
                () -> assertThat(rest.get("/api/rooms", after).status()).isEqualTo(200));
        assertThat(rest.get("/api/rooms", before).status()).isEqualTo(200);
    }

    private static JWTClaimsSet claims(String issuer) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).subject("mallory").audience(TestAuthorizationServer.AUDIENCE)
                .claim("chat_roles", List.of("chat-admin"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
