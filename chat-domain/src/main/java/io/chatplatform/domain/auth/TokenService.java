package io.chatplatform.domain.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserIds;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Mints and verifies the HS256 access tokens of the client contract. Any issuer holding the same secret may mint
 * tokens; only HS256-signed tokens with a {@code sub} and an {@code exp} are accepted.
 *
 * <p>jjwt mints them, as any other issuer of the contract may. Nimbus JOSE+JWT (the library Spring Security's
 * resource server uses for the external issuers) verifies them, because every handshake verifies one: jjwt's parse
 * allocates about 38 KB of reader and tokenizer buffers per token, with no setting for them, which was 45 % of what a
 * handshake allocated; Nimbus's about 11 KB (BENCHMARKS.md, session 22).
 */
@Service
public class TokenService {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    private static final int MIN_SECRET_BYTES = 32;
    /** Longer than a revocation's second can last: a revocation is committed before a token waits for it. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private final SecretKey key;
    private final MACVerifier verifier;
    private final AuthProperties properties;
    private final Clock clock;

    TokenService(AuthProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        byte[] secret = secretBytes(properties);
        this.key = Keys.hmacShaKeyFor(secret);
        try {
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException("CHAT_JWT_SECRET cannot verify HS256 tokens", e);
        }
    }

    public IssuedToken issue(Actor actor) {
        return issue(actor, null);
    }

    /**
     * A token issued no earlier than {@code validFrom} (see {@code UserService.tokensValidFrom}): right after a
     * revocation, within the second it covers, this waits for the next second (at most {@link #MAX_WAIT}) rather than
     * hand out a token that is refused at once.
     *
     * @param validFrom null: now
     */
    public IssuedToken issue(Actor actor, Instant validFrom) {
        Instant now = clock.instant();
        if (validFrom != null && now.isBefore(validFrom)) {
            sleep(Duration.between(now, validFrom).plusMillis(1));
            now = clock.instant().isBefore(validFrom) ? validFrom : clock.instant();
        }
        Instant expiresAt = now.plus(properties.tokenTtl());
        String token = Jwts.builder()
                .subject(actor.userId())
                .claim("role", actor.role().name())
                .claim("name", actor.userId())
                .issuedAt(Date.from(now))
                .expiration(Date.from(expiresAt))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
        return new IssuedToken(token, expiresAt);
    }

    public VerifiedToken verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("missing token");
        }
        JWTClaimsSet claims = verifiedClaims(token);
        Instant now = clock.instant();
        Date expiration = claims.getExpirationTime();
        if (expiration == null) {
            throw new InvalidTokenException("token has no exp claim");
        }
        if (now.isAfter(expiration.toInstant().plus(properties.clockSkew()))) {
            throw new InvalidTokenException("token expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant().minus(properties.clockSkew()))) {
            throw new InvalidTokenException("token not valid yet (nbf)");
        }
        Instant issuedAt = claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant();
        if (issuedAt != null && issuedAt.isAfter(latestIssuedAt())) {
            // Such a token would outlive a revocation (deletion or demotion), which refuses tokens issued before it.
            throw new InvalidTokenException("token issued in the future (iat)");
        }
        String subject = claims.getSubject();
        try {
            UserIds.requireValid(subject);
        } catch (RuntimeException e) {
            throw new InvalidTokenException("token has no valid sub claim");
        }
        return new VerifiedToken(new Actor(subject, role(claims)), name(claims), expiration.toInstant(), issuedAt);
    }

    /**
     * The claims of a compact HS256 JWS whose signature our key made; registered claims of the wrong JSON type
     * (a numeric {@code sub}, a textual {@code exp}) and payloads that are not a JSON object are invalid.
     */
    private JWTClaimsSet verifiedClaims(String token) {
        if (!isCompact(token)) {
            throw new InvalidTokenException("invalid token");
        }
        SignedJWT jws;
        try {
            jws = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("invalid token");
        }
        if (!JWSAlgorithm.HS256.equals(jws.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("token must be signed with HS256");
        }
        try {
            if (!jws.verify(verifier)) {
                throw new InvalidTokenException("invalid token");
            }
            Map<String, Object> payload = jws.getPayload().toJSONObject();
            if (payload == null || !(payload.get(JWTClaimNames.SUBJECT) instanceof String)) {
                // Nimbus reads a numeric sub as its decimal text; a user id is a string.
                throw new InvalidTokenException("token has no valid sub claim");
            }
            return JWTClaimsSet.parse(payload);
        } catch (JOSEException | ParseException e) {
            throw new InvalidTokenException("invalid token");
        }
    }

    /**
     * Three base64url parts and nothing else: Nimbus's decoder (ours, and Spring's for the external issuers) skips
     * characters outside its alphabet, so a signature part with a {@code !} or {@code =} slipped in would verify as
     * the token without it; such a token is refused rather than read past them.
     */
    static boolean isCompact(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_')) {
                return false;
            }
        }
        return dots == 2;
    }

    /**
     * Now plus the clock skew, rounded up to a whole second: {@code iat} counts whole seconds, so an issuer whose
     * clock runs a few milliseconds ahead (another node of the cluster) stamps the next second.
     */
    private static void sleep(Duration wait) {
        try {
            Thread.sleep(Math.min(wait.toMillis(), MAX_WAIT.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Instant latestIssuedAt() {
        Instant latest = clock.instant().plus(properties.clockSkew());
        Instant wholeSecond = latest.truncatedTo(ChronoUnit.SECONDS);
        return wholeSecond.equals(latest) ? latest : wholeSecond.plusSeconds(1);
    }

    private static String name(JWTClaimsSet claims) {
        Object name = claims.getClaim("name");
        if (name != null && !(name instanceof String)) {
            throw new InvalidTokenException("token name claim must be a string");
        }
        return (String) name;
    }

    private static Role role(JWTClaimsSet claims) {
        Object role = claims.getClaim("role");
        if (role == null) {
            return Role.USER;
        }
        try {
            return Role.valueOf(role.toString());
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("token role must be USER or ADMIN");
        }
    }

    private static byte[] secretBytes(AuthProperties properties) {
        String secret = properties.jwtSecret();
        if (secret == null || secret.isBlank()) {
            if (properties.requireSecret()) {
                throw new IllegalStateException("CHAT_JWT_SECRET is not set: this profile refuses to start without a "
                        + "JWT secret. " + JwtSecretPolicy.HOW_TO_FIX);
            }
            byte[] generated = new byte[MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(generated);
            log.warn("""

                    ************************************************************************************
                    * CHAT_JWT_SECRET is not set: using a random development secret for this run only. *
                    * Tokens stop working at restart and no other issuer can mint tokens for this      *
                    * server. Set CHAT_JWT_SECRET (openssl rand -base64 48) for anything but trials.   *
                    ************************************************************************************""");
            return generated;
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("CHAT_JWT_SECRET must be at least " + MIN_SECRET_BYTES
                    + " bytes for HS256, got " + bytes.length + ". " + JwtSecretPolicy.HOW_TO_FIX);
        }
        JwtSecretPolicy.weakness(secret).ifPresent(weakness -> {
            if (properties.requireSecret()) {
                throw new IllegalStateException(weakness + " " + JwtSecretPolicy.HOW_TO_FIX);
            }
            // Development and tests use such secrets on purpose; the prod profile is where they must not get through.
            log.warn("{} The prod profile refuses to start with it. {}", weakness, JwtSecretPolicy.HOW_TO_FIX);
        });
        return bytes;
    }
}
