package io.chatplatform.domain.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Tokens of this user issued before {@code revokedAt} are no longer accepted: the account was deleted, demoted
 * from ADMIN, had its password reset by an operator or changed by the user, or the user signed out everywhere.
 * {@code accountDeleted} says whether the latest of these was the account's deletion.
 */
@Entity
@Table(name = "revoked_users")
class Revocation {

    @Id
    @Column(name = "user_id")
    private String userId;

    @Column(name = "revoked_at", nullable = false)
    private Instant revokedAt;

    @Column(name = "account_deleted", nullable = false)
    private boolean accountDeleted;

    protected Revocation() {
    }

    Revocation(String userId, Instant revokedAt, boolean accountDeleted) {
        this.userId = userId;
        this.revokedAt = revokedAt;
        this.accountDeleted = accountDeleted;
    }

    void renew(Instant at, boolean deleted) {
        this.revokedAt = at;
        this.accountDeleted = deleted;
    }

    /**
     * JWT {@code iat} counts whole seconds, so a token from the second of the deletion itself is refused too
     * (tokens this server issues afterwards are issued from the next second on: {@link #validFrom}).
     */
    boolean covers(Instant issuedAt) {
        return covers(revokedAt, issuedAt);
    }

    static boolean covers(Instant revokedAt, Instant issuedAt) {
        return issuedAt == null || issuedAt.getEpochSecond() <= revokedAt.getEpochSecond();
    }

    /** The first instant whose tokens this revocation does not cover: the next whole second. */
    static Instant validFrom(Instant revokedAt) {
        return revokedAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    boolean accountDeleted() {
        return accountDeleted;
    }

    String userId() {
        return userId;
    }

    Instant revokedAt() {
        return revokedAt;
    }
}
