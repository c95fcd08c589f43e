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
    INTERNAL,
    /**
     * A part the server needs (the database) did not answer in time. Unlike {@link #INTERNAL} it does not say that
     * nothing changed: a SEND answered so may or may not be stored, and resending it with the same
     * {@code clientMsgId} after {@code retryAfterMs} converges on the one stored message.
     */
    UNAVAILABLE
}
