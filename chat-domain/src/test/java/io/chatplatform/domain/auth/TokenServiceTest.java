package io.chatplatform.domain.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenServiceTest {

    /** 64 bytes: long enough to sign HS512 with the very same key bytes, so only the algorithm differs. */
    static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final SecretKey SHARED_KEY = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));
    static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    static final Duration TTL = Duration.ofHours(12);
    static final Actor ALICE = new Actor("alice", Role.USER);

    final TokenService tokens = new TokenService(properties(SECRET, false), clockAt(NOW));

    static AuthProperties properties(String secret, boolean requireSecret) {
        return new AuthProperties(secret, requireSecret, TTL, Duration.ZERO, List.of(), true, Duration.ofSeconds(30));
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    /** A token as another issuer holding the shared secret would mint it; every test removes or spoils one part. */
    static JwtBuilder foreignToken() {
        return Jwts.builder()
                .subject("bob")
                .claim("role", "ADMIN")
                .claim("name", "Bob B.")
                .issuedAt(Date.from(NOW.minusSeconds(60)))
                .expiration(Date.from(NOW.plusSeconds(600)));
    }

    static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static void assertInvalid(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(InvalidTokenException.class)
                .extracting(e -> ((InvalidTokenException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    @Test
    void issuedTokenVerifiesWithSubjectRoleAndExpiry() {
        IssuedToken issued = tokens.issue(new Actor("alice", Role.ADMIN));

        VerifiedToken verified = tokens.verify(issued.accessToken());

        assertThat(issued.expiresAt()).isEqualTo(NOW.plus(TTL));
        assertThat(verified.actor()).isEqualTo(new Actor("alice", Role.ADMIN));
        assertThat(verified.expiresAt()).isEqualTo(issued.expiresAt());
        assertThat(verified.name()).isEqualTo("alice");
    }

    /** Right after a revocation, a token of the revocation's second would be refused at once: it waits instead. */
    @Test
    void aTokenIssuedAfterARevocationWaitsForTheNextSecondAndVerifiesThen() {
        TokenService ticking = new TokenService(properties(SECRET, false), Clock.systemUTC());
        Instant validFrom = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);

        IssuedToken issued = ticking.issue(new Actor("alice", Role.USER), validFrom);

        assertThat(Instant.now()).as("waited").isAfterOrEqualTo(validFrom);
        assertThat(ticking.verify(issued.accessToken()).issuedAt()).isEqualTo(validFrom);
        assertThat(tokens.verify(tokens.issue(new Actor("alice", Role.USER), NOW.minusSeconds(60)).accessToken())
                .issuedAt()).as("a validFrom already passed changes nothing").isEqualTo(NOW);
    }

    @Test
    void tokenOfAnotherIssuerWithTheSharedSecretIsAccepted() {
        String token = foreignToken().signWith(SHARED_KEY, Jwts.SIG.HS256).compact();

        VerifiedToken verified = tokens.verify(token);

        assertThat(verified.actor()).isEqualTo(new Actor("bob", Role.ADMIN));
        assertThat(verified.name()).isEqualTo("Bob B.");
        assertThat(verified.expiresAt()).isEqualTo(NOW.plusSeconds(600));
    }

    @Test
    void tokenWithoutRoleClaimIsAPlainUser() {
        String token = Jwts.builder().subject("bob").expiration(Date.from(NOW.plusSeconds(600)))
                .signWith(SHARED_KEY, Jwts.SIG.HS256).compact();

        assertThat(tokens.verify(token).actor()).isEqualTo(new Actor("bob", Role.USER));
    }

    @Test
    void issuedTokenExpiresAfterItsLifetime() {
        String token = tokens.issue(ALICE).accessToken();
        TokenService justBefore = new TokenService(properties(SECRET, false), clockAt(NOW.plus(TTL).minusSeconds(1)));
        TokenService justAfter = new TokenService(properties(SECRET, false), clockAt(NOW.plus(TTL).plusSeconds(1)));

        assertThat(justBefore.verify(token).actor()).isEqualTo(ALICE);
        assertInvalid(() -> justAfter.verify(token));
    }

    @Test
    void expiredForeignTokenIsRejected() {
        String token = foreignToken().expiration(Date.from(NOW.minusSeconds(1)))
                .signWith(SHARED_KEY, Jwts.SIG.HS256).compact();

        assertInvalid(() -> tokens.verify(token));
    }

    @Test
    void unsignedTokenIsRejected() {
        long exp = NOW.plusSeconds(600).getEpochSecond();
        String token = base64Url("{\"alg\":\"none\"}") + "."
                + base64Url("{\"sub\":\"mallory\",\"role\":\"ADMIN\",\"exp\":" + exp + "}") + ".";

        assertInvalid(() -> tokens.verify(token));
    }

    @Test
    void unsignedTokenClaimingHs256WithEmptySignatureIsRejected() {
        long exp = NOW.plusSeconds(600).getEpochSecond();
        String token = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
                + base64Url("{\"sub\":\"mallory\",\"role\":\"ADMIN\",\"exp\":" + exp + "}") + ".";

        assertInvalid(() -> tokens.verify(token));
    }

    @Test
    void tokenSignedWithAnotherSecretIsRejected() {
        SecretKey otherKey = Keys.hmacShaKeyFor(
                "another-secret-another-secret-another-secret".getBytes(StandardCharsets.UTF_8));
        String token = foreignToken().signWith(otherKey, Jwts.SIG.HS256).compact();

        assertInvalid(() -> tokens.verify(token));
    }

    @Test
    void tamperedPayloadIsRejected() {
        String[] parts = foreignToken().claim("role", "USER").signWith(SHARED_KEY, Jwts.SIG.HS256).compact()
                .split("\\.");
        long exp = NOW.plusSeconds(600).getEpochSecond();
        String forged = parts[0] + "." + base64Url("{\"sub\":\"bob\",\"role\":\"ADMIN\",\"exp\":" + exp + "}")
                + "." + parts[2];

        assertInvalid(() -> tokens.verify(forged));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abc", "a.b.c", "a.b", "..", "a.b.c.d.e"})
    void malformedTokenIsRejected(String token) {
        assertInvalid(() -> tokens.verify(token));
    }

    @Test
    void tokenWithCharactersOutsideBase64UrlIsRejected() {
        String token = foreignToken().signWith(SHARED_KEY, Jwts.SIG.HS256).compact();
        int inSignature = token.lastIndexOf('.') + 10;

        assertThat(tokens.verify(token).actor().userId()).isEqualTo("bob");
        for (String inserted : List.of("!", " ", "\n", "+", "=")) {
            assertInvalid(() -> tokens.verify(token.substring(0, inSignature) + inserted + token.substring(inSignature)));
        }
        assertInvalid(() -> tokens.verify(token + "="));
    }

    @Test
    void missingTokenIsRejected() {
        assertInvalid(() -> tokens.verify(null));
    }

    @Test
    void tokenWithoutExpIsRejected() {
        String token = Jwts.builder().subject("bob").claim("role", "USER").issuedAt(Date.from(NOW))
                .signWith(SHARED_KEY, Jwts.SIG.HS256).compact();

        assertInvalid(() -> tokens.verify(token));
    }

    @Test
    void tokenWithoutSubIsRejected() {
        String token = Jwts.builder().claim("role", "USER").expiration(Date.from(NOW.plusSeconds(600)))
                .signWith(SHARED_KEY, Jwts.SIG.HS256).compact();

        assertInvalid(() -> tokens.verify(token));
    }

    @Test
    void tokenWithBlankOrOverlongSubIsRejected() {
        String blank = foreignToken().subject(" ").signWith(SHARED_KEY, Jwts.SIG.HS256).compact();
        String overlong = foreignToken().subject("x".repeat(129)).signWith(SHARED_KEY, Jwts.SIG.HS256).compact();

        assertInvalid(() -> tokens.verify(blank));
        assertInvalid(() -> tokens.verify(overlong));
    }

    @Test
    void unknownRoleIsRejected() {
        String token = foreignToken().claim("role", "ROOT").signWith(SHARED_KEY, Jwts.SIG.HS256).compact();

        assertInvalid(() -> tokens.verify(token));
    }

    @Test
    void tokenSignedWithHs384OrHs512UnderTheSameSecretIsRejected() {
        String hs384 = foreignToken().signWith(SHARED_KEY, Jwts.SIG.HS384).compact();
        String hs512 = foreignToken().signWith(SHARED_KEY, Jwts.SIG.HS512).compact();

        assertInvalid(() -> tokens.verify(hs384));
        assertInvalid(() -> tokens.verify(hs512));
    }

    @Test
    void missingSecretIsFatalWhenRequired() {
        assertThatThrownBy(() -> new TokenService(properties(null, true), clockAt(NOW)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CHAT_JWT_SECRET");
        assertThatThrownBy(() -> new TokenService(properties("  ", true), clockAt(NOW)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CHAT_JWT_SECRET");
    }

    @Test
    void missingSecretFallsBackToARandomDevelopmentSecret() {
        TokenService dev = new TokenService(properties(null, false), clockAt(NOW));
        TokenService otherRun = new TokenService(properties(null, false), clockAt(NOW));

        String token = dev.issue(ALICE).accessToken();

        assertThat(dev.verify(token).actor()).isEqualTo(ALICE);
        assertInvalid(() -> otherRun.verify(token));
        assertInvalid(() -> tokens.verify(token));
    }

    @Test
    void secretShorterThan32BytesIsRefused() {
        String thirtyOneBytes = "x".repeat(31);

        assertThatThrownBy(() -> new TokenService(properties(thirtyOneBytes, false), clockAt(NOW)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageContaining("openssl rand -base64 48");
        assertThat(new TokenService(properties(randomSecret(24), true), clockAt(NOW)).issue(ALICE).accessToken())
                .as("24 random bytes: 32 characters of base64").isNotBlank();
    }

    @Test
    void productionRefusesEverySecretPublishedInTheRepository() {
        for (String published : List.of("insecure-local-trial-secret-change-me-0123456789",
                "test-only-secret-0123456789-abcdefghijklmnop", "bench-secret-0123456789-abcdefghijklmnopqrstuv")) {
            assertThatThrownBy(() -> new TokenService(properties(published, true), clockAt(NOW)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("published")
                    .hasMessageContaining("openssl rand -base64 48");
        }
    }

    @Test
    void productionRefusesLowEntropySecrets() {
        for (String weak : List.of("x".repeat(64), "abc".repeat(20), "fedcba9876543210".repeat(4),
                "abcdefghijklmnopqrstuvwxyz0123456789", "password-password-password-password")) {
            assertThatThrownBy(() -> new TokenService(properties(weak, true), clockAt(NOW)))
                    .as(weak).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("estimated entropy")
                    .hasMessageContaining("openssl rand -base64 48");
        }
    }

    @Test
    void developmentOnlyWarnsAboutAPublishedOrWeakSecret() {
        TokenService dev = new TokenService(properties("insecure-local-trial-secret-change-me-0123456789", false),
                clockAt(NOW));
        TokenService weak = new TokenService(properties("x".repeat(40), false), clockAt(NOW));

        assertThat(dev.verify(dev.issue(ALICE).accessToken()).actor()).isEqualTo(ALICE);
        assertThat(weak.verify(weak.issue(ALICE).accessToken()).actor()).isEqualTo(ALICE);
    }

    @Test
    void productionAcceptsARandomSecret() {
        TokenService prod = new TokenService(properties(randomSecret(48), true), clockAt(NOW));

        assertThat(prod.verify(prod.issue(ALICE).accessToken()).actor()).isEqualTo(ALICE);
    }

    /** What {@code openssl rand -base64 n} prints: made at run time, since a secret written here would be published. */
    static String randomSecret(int bytes) {
        byte[] random = new byte[bytes];
        new java.security.SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    @Test
    void tokenIssuedInTheFutureIsRejected() {
        String token = foreignToken().issuedAt(Date.from(NOW.plusSeconds(60)))
                .expiration(Date.from(NOW.plusSeconds(3600))).signWith(SHARED_KEY, Jwts.SIG.HS256).compact();

        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("iat");
    }

    @Test
    void futureIatWithinTheClockSkewIsAccepted() {
        TokenService lenient = new TokenService(
                new AuthProperties(SECRET, false, TTL, Duration.ofSeconds(30), List.of(), true, Duration.ofSeconds(30)), clockAt(NOW));
        String within = foreignToken().issuedAt(Date.from(NOW.plusSeconds(30))).signWith(SHARED_KEY, Jwts.SIG.HS256)
                .compact();
        String beyond = foreignToken().issuedAt(Date.from(NOW.plusSeconds(31))).signWith(SHARED_KEY, Jwts.SIG.HS256)
                .compact();

        assertThat(lenient.verify(within).actor().userId()).isEqualTo("bob");
        assertInvalid(() -> lenient.verify(beyond));
    }

    @Test
    void iatOfTheNextSecondFromAClockAFewMillisecondsAheadIsAccepted() {
        // Another node stamped NOW (whole seconds) while this node's clock still read 3 ms earlier.
        TokenService behind = new TokenService(properties(SECRET, false), clockAt(NOW.minusMillis(3)));
        String token = foreignToken().issuedAt(Date.from(NOW)).signWith(SHARED_KEY, Jwts.SIG.HS256).compact();
        String secondAfter = foreignToken().issuedAt(Date.from(NOW.plusSeconds(1))).signWith(SHARED_KEY,
                Jwts.SIG.HS256).compact();

        assertThat(behind.verify(token).actor().userId()).isEqualTo("bob");
        assertInvalid(() -> behind.verify(secondAfter));
    }

    @Test
    void clockSkewToleratesSlightlyExpiredTokens() {
        String token = foreignToken().expiration(Date.from(NOW.minusSeconds(20)))
                .signWith(SHARED_KEY, Jwts.SIG.HS256).compact();
        TokenService lenient = new TokenService(
                new AuthProperties(SECRET, false, TTL, Duration.ofSeconds(30), List.of(), true, Duration.ofSeconds(30)), clockAt(NOW));

        assertThat(lenient.verify(token).actor().userId()).isEqualTo("bob");
        assertInvalid(() -> tokens.verify(token));
    }

    /** Signs a hand-written payload with HS256, for claim values jjwt's builder would not produce. */
    static String hs256(String payloadJson) throws Exception {
        String signingInput = base64Url("{\"alg\":\"HS256\"}") + "." + base64Url(payloadJson);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(SHARED_KEY);
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wronglyTypedStandardClaimsAreRejected() throws Exception {
        long exp = NOW.plusSeconds(600).getEpochSecond();
        String numericSub = hs256("{\"sub\":123,\"exp\":" + exp + "}");
        String textualExp = hs256("{\"sub\":\"bob\",\"exp\":\"tomorrow\"}");
        String numericRole = hs256("{\"sub\":\"bob\",\"role\":1,\"exp\":" + exp + "}");
        String lowercaseRole = hs256("{\"sub\":\"bob\",\"role\":\"admin\",\"exp\":" + exp + "}");
        String notAnObject = hs256("[\"bob\"]");

        assertThat(tokens.verify(hs256("{\"sub\":\"bob\",\"exp\":" + exp + "}")).actor().userId())
                .isEqualTo("bob");
        assertInvalid(() -> tokens.verify(numericSub));
        assertInvalid(() -> tokens.verify(textualExp));
        assertInvalid(() -> tokens.verify(numericRole));
        assertInvalid(() -> tokens.verify(lowercaseRole));
        assertInvalid(() -> tokens.verify(notAnObject));
    }

    @Test
    void tokenNotYetValidIsRejected() {
        String token = foreignToken().notBefore(Date.from(NOW.plusSeconds(300)))
                .signWith(SHARED_KEY, Jwts.SIG.HS256).compact();

        assertInvalid(() -> tokens.verify(token));
    }

    @Test
    void nonStringNameClaimIsRejectedAsInvalidToken() {
        String token = foreignToken().claim("name", 42).signWith(SHARED_KEY, Jwts.SIG.HS256).compact();
        assertInvalid(() -> tokens.verify(token));
    }
}
