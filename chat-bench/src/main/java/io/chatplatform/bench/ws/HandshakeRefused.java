package io.chatplatform.bench.ws;

import java.io.IOException;
import java.time.Duration;

/** The server answered the opening handshake with a status other than 101, perhaps naming when to come back. */
public final class HandshakeRefused extends IOException {

    private final int status;
    private final Duration retryAfter;

    HandshakeRefused(int status, Duration retryAfter) {
        super("handshake refused: HTTP " + status, null);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** The answer's {@code Retry-After} in seconds, or null when it had none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
