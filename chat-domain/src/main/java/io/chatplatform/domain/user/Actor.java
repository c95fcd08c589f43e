package io.chatplatform.domain.user;

import java.util.Objects;

/** The authenticated user on whose behalf a domain operation runs. */
public record Actor(String userId, Role role) {

    public Actor {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
    }

    public boolean isPlatformAdmin() {
        return role == Role.ADMIN;
    }
}
