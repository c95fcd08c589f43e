package io.chatplatform.domain.auth;

import io.chatplatform.domain.user.UserService;
import org.springframework.stereotype.Service;

/**
 * Decides whether a presented token lets its bearer in: a valid signature and claims ({@link TokenService}), and
 * an account that was not deleted after the token was issued. Every entry point (REST, handshake, INIT, REFRESH)
 * goes through here.
 */
@Service
public class Authenticator {

    private final TokenService tokens;
    private final UserService users;

    Authenticator(TokenService tokens, UserService users) {
        this.tokens = tokens;
        this.users = users;
    }

    public VerifiedToken authenticate(String token) {
        VerifiedToken verified = tokens.verify(token);
        if (users.isRevoked(verified.actor().userId(), verified.issuedAt())) {
            throw new InvalidTokenException("account deleted");
        }
        users.recordSeen(verified.actor().userId());
        return verified;
    }
}
