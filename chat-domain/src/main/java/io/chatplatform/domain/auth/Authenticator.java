package io.chatplatform.domain.auth;

import io.chatplatform.domain.common.Unavailable;
import io.chatplatform.domain.user.UserService;
import java.time.Duration;
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

    private static final Duration RETRY_AFTER_OUTAGE = Duration.ofSeconds(1);

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
        if (isRevoked(verified)) {
            throw new InvalidTokenException("token revoked"); // deleted, demoted, signed out: sign in again
        }
        users.recordSeen(verified.actor().userId());
        return verified;
    }

    /**
     * Whether a token accepted a moment ago has been revoked since: a session filed after a revocation's sweep of the
     * open sessions (its handshake checked the token just before this node learnt of the revocation) asks again.
     * The check asks the database once the node's copy of the revocations is too old (its reloads have failed for
     * two intervals); a database that does not answer then makes it {@link Unavailable} (503, or 1013 on a socket:
     * try again), not a server fault.
     */
    public boolean isRevoked(VerifiedToken token) {
        try {
            return users.isRevoked(token.actor().userId(), token.issuedAt());
        } catch (RuntimeException e) {
            throw Unavailable.of(e, RETRY_AFTER_OUTAGE).orElseThrow(() -> e);
        }
    }

    /**
     * Whether a token that opened a session, issued at {@code issuedAtSecond} ({@link #issuedAtSecond}), has been
     * revoked since, as far as this node knows: memory only, so it can be asked for every open session every second.
     */
    public boolean isRevokedAsKnown(String userId, long issuedAtSecond) {
        return users.isRevokedAsKnown(userId, issuedAtSecond);
    }

    /**
     * Whether the user's account was deleted, rather than their tokens revoked by a demotion or a password reset:
     * reads the database, so only for a session already found revoked ({@link #isRevokedAsKnown}).
     */
    public boolean isAccountDeleted(String userId) {
        return users.isDeleted(userId);
    }

    /** The token's {@code iat} in epoch seconds, or {@link Long#MIN_VALUE} without one (every revocation covers it). */
    public static long issuedAtSecond(VerifiedToken token) {
        return token.issuedAt() == null ? Long.MIN_VALUE : token.issuedAt().getEpochSecond();
    }
}
