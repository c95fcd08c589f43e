package io.chatplatform.domain.auth;

import io.chatplatform.domain.user.UserService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Decides whether a presented token lets its bearer in: a valid signature and claims ({@link TokenService} for the
 * shared secret's HS256 tokens, {@link ExternalTokenVerifier} for those of trusted external issuers), and
 * an account that was not deleted after the token was issued. Every entry point (REST, handshake, INIT, REFRESH)
 * goes through here.
 */
@Service
public class Authenticator {

    private final TokenService tokens;
    private final UserService users;
    private final ExternalTokenVerifier external;

    Authenticator(TokenService tokens, UserService users, ObjectProvider<ExternalTokenVerifier> external) {
        this.tokens = tokens;
        this.users = users;
        this.external = external.getIfAvailable(() -> ExternalTokenVerifier.NONE);
    }

    public VerifiedToken authenticate(String token) {
        if (token != null && !TokenService.isCompact(token)) {
            throw new InvalidTokenException("invalid token"); // before any issuer's decoder reads past the odd characters
        }
        VerifiedToken verified = external.verify(token).orElseGet(() -> tokens.verify(token));
        if (users.isRevoked(verified.actor().userId(), verified.issuedAt())) {
            throw new InvalidTokenException("account deleted");
        }
        users.recordSeen(verified.actor().userId());
        return verified;
    }

    /**
     * Whether a token accepted a moment ago has been revoked since: a session filed after a revocation's sweep of the
     * open sessions (its handshake checked the token just before this node learnt of the revocation) asks again.
     */
    public boolean isRevoked(VerifiedToken token) {
        return users.isRevoked(token.actor().userId(), token.issuedAt());
    }
}
