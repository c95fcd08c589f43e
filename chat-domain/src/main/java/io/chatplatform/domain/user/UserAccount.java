package io.chatplatform.domain.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A local account. Its username is the userId ({@code sub}) of the tokens issued for it. */
@Entity
@Table(name = "users")
class UserAccount {

    @Id
    @Column(name = "id")
    private String username;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected UserAccount() {
    }

    UserAccount(String username, String passwordHash, Role role, Instant createdAt) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.createdAt = createdAt;
    }

    String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }

    Role role() {
        return role;
    }

    void changeRole(Role newRole) {
        this.role = newRole;
    }

    void resetPassword(String newPasswordHash) {
        this.passwordHash = newPasswordHash;
    }
}
