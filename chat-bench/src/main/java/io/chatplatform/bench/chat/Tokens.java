package io.chatplatform.bench.chat;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.io.AbstractSerializer;
import io.jsonwebtoken.security.Keys;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import javax.crypto.SecretKey;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mints access tokens the way any issuer holding the shared secret may (contract: HS256, claims sub, role, iat, exp).
 */
public final class Tokens {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SecretKey key;
    private final Duration ttl;

    public Tokens(String secret, Duration ttl) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("the JWT secret must be at least 32 bytes (CHAT_JWT_SECRET)");
        }
        this.key = Keys.hmacShaKeyFor(bytes);
        this.ttl = ttl;
    }

    public String mint(String userId) {
        return mint(userId, "USER");
    }

    /** A token with the given platform role ({@code USER} or {@code ADMIN}). */
    public String mint(String userId, String role) {
        Instant now = Instant.now();
        return Jwts.builder()
                .json(new JacksonSerializer())
                .subject(userId)
                .claim("role", role)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(ttl)))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }

    /** jjwt writes its JSON with the Jackson 3 this module already has, not a second Jackson. */
    private static final class JacksonSerializer extends AbstractSerializer<Map<String, ?>> {
        @Override
        protected void doSerialize(Map<String, ?> map, OutputStream out) {
            JSON.writeValue(out, map);
        }
    }
}
