package io.chatplatform.client;

/** Where a {@link ChatClient}'s connection stands; reported to {@code state} listeners on each change. */
public enum ConnectionState {
    /** Opening a socket, or waiting for READY. */
    CONNECTING,
    /** READY received: frames flow. */
    OPEN,
    /** Not connected: before {@link ChatClient#connect()}, or waiting (the backoff) for the next attempt. */
    OFFLINE,
    /**
     * Stopped for good: {@link ChatClient#close()} was called, or the server refused the client in a way a retry
     * cannot fix (4403, or 4401 / HTTP 401 with no way to get a new token). Pending sends have failed, and later ones
     * fail at once.
     */
    CLOSED
}
