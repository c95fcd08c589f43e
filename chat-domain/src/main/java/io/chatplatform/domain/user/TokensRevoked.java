package io.chatplatform.domain.user;

import java.time.Instant;

/**
 * Tokens of {@code userId} issued up to {@code revokedAt} are no longer accepted (account deleted, ADMIN demoted,
 * password reset by an operator). Published inside the revoking transaction; after commit this node's
 * {@link RevokedTokens} learns it, and the socket layer tells the other nodes, which re-read the user's revocation
 * ({@link UserService#rereadRevocations}).
 */
public record TokensRevoked(String userId, Instant revokedAt) {
}
