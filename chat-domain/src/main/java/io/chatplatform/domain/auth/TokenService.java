package io.chatplatform.domain.auth;

import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserIds;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Mints and verifies the HS256 access tokens of the client contract. Any issuer holding the same secret may mint
 * tokens; only HS256-signed tokens with a {@code sub} and an {@code exp} are accepted.
 */
@Service
public class TokenService {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);
    private static final int MIN_SECRET_BYTES = 32;
    private static final String HS256 = "HS256";

    private final SecretKey key;
    private final JwtParser parser;
    private final AuthProperties properties;
    private final Clock clock;

    TokenService(AuthProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.key = Keys.hmacShaKeyFor(secretBytes(properties));
        this.parser = Jwts.parser()
                .verifyWith(key)
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(properties.clockSkew().toSeconds())
                .build();
    }

    public IssuedToken issue(Actor actor) {
        Instant now = clock.instant();
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
        Jws<Claims> jws;
        try {
            jws = parser.parseSignedClaims(token);
        } catch (ExpiredJwtException e) {
            throw new InvalidTokenException("token expired");
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidTokenException("invalid token");
        }
        if (!HS256.equals(jws.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("token must be signed with HS256");
        }
        Claims claims = jws.getPayload();
        if (claims.getExpiration() == null) {
            throw new InvalidTokenException("token has no exp claim");
        }
        Instant issuedAt = claims.getIssuedAt() == null ? null : claims.getIssuedAt().toInstant();
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
        return new VerifiedToken(new Actor(subject, role(claims)), name(claims), claims.getExpiration().toInstant(),
                issuedAt);
    }

    /**
     * Now plus the clock skew, rounded up to a whole second: {@code iat} counts whole seconds, so an issuer whose
     * clock runs a few milliseconds ahead (another node of the cluster) stamps the next second.
     */
    private Instant latestIssuedAt() {
        Instant latest = clock.instant().plus(properties.clockSkew());
        Instant wholeSecond = latest.truncatedTo(ChronoUnit.SECONDS);
        return wholeSecond.equals(latest) ? latest : wholeSecond.plusSeconds(1);
    }

    private static String name(Claims claims) {
        Object name = claims.get("name");
        if (name != null && !(name instanceof String)) {
            throw new InvalidTokenException("token name claim must be a string");
        }
        return (String) name;
    }

    private static Role role(Claims claims) {
        Object role = claims.get("role");
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
