package io.chatplatform.domain.user;

/** Platform role, carried in the token's {@code role} claim. An ADMIN may do everything to every room. */
public enum Role {
    USER,
    ADMIN
}
