package io.chatplatform.domain.common;

/**
 * The stable error codes of the client contract. WebSocket {@code ERROR} frames carry them as {@code code};
 * REST problem details carry them as the {@code code} property. Never rename one: clients switch on them.
 */
public enum ErrorCode {
    BAD_REQUEST,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    TOO_LARGE,
    RATE_LIMITED,
    INTERNAL
}
