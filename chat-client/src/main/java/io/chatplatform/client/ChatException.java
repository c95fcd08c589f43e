package io.chatplatform.client;

/**
 * A request the server refused for good ({@code ERROR} with a code such as {@code NOT_FOUND}, {@code FORBIDDEN},
 * {@code BAD_REQUEST}, {@code TOO_LARGE}), or one the client gave up on because it was closed.
 */
public class ChatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The client was closed before the request was answered. */
    public static final String CLOSED = "CLIENT_CLOSED";

    private final String code;

    public ChatException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** The protocol's error code (docs/protocol.md §10.2), or {@link #CLOSED}. */
    public String code() {
        return code;
    }
}
