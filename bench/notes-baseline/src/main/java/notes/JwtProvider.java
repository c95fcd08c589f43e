package notes;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The notes' {@code jwtProvider}: HS256 tokens signed with the shared CHAT_JWT_SECRET, the user id in {@code sub}. */
@Component
public class JwtProvider {

    private final JwtParser parser;

    public JwtProvider(@Value("${CHAT_JWT_SECRET}") String secret) {
        this.parser = Jwts.parser().verifyWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8))).build();
    }

    /** @throws RuntimeException for a missing, malformed, badly signed or expired token */
    public String extractUserId(String authorization) {
        if (authorization == null) {
            throw new IllegalArgumentException("no token");
        }
        String token = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim()
                : authorization;
        Claims claims = parser.parseSignedClaims(token).getPayload();
        return claims.getSubject();
    }
}
