package io.chatplatform.domain.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Tokens of this user issued before {@code revokedAt} are no longer accepted: the account was deleted, demoted
 * from ADMIN, or had its password reset by an operator. A row for an id without a local account means a deleted one.
 */
@Entity
@Table(name = "revoked_users")
class Revocation {

    @Id
    @Column(name = "user_id")
    private String userId;

    @Column(name = "revoked_at", nullable = false)
    private Instant revokedAt;

    protected Revocation() {
    }

    Revocation(String userId, Instant revokedAt) {
        this.userId = userId;
        this.revokedAt = revokedAt;
    }

    void renew(Instant at) {
        this.revokedAt = at;
    }

    /**
     * JWT {@code iat} counts whole seconds, so a token from the second of the deletion itself is refused too
     * (a new token for a re-registered account works from the next second on).
     */
    boolean covers(Instant issuedAt) {
        return covers(revokedAt, issuedAt);
    }

    static boolean covers(Instant revokedAt, Instant issuedAt) {
        return issuedAt == null || issuedAt.getEpochSecond() <= revokedAt.getEpochSecond();
    }

    String userId() {
        return userId;
    }

    Instant revokedAt() {
        return revokedAt;
    }
}
