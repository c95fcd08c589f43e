package io.chatplatform.bench.ws;

/**
 * Callbacks of one connection. All of them run on the connection's I/O thread, one at a time, so a listener needs no
 * locking for state that only its own connection touches.
 */
public interface WsListener {

    /** The handshake succeeded (HTTP 101). */
    void onOpen(WsConnection connection);

    /**
     * One complete text message. The bytes are only valid during the call: the buffer is reused afterwards.
     */
    void onText(WsConnection connection, byte[] buffer, int offset, int length);

    /** An open connection ended: a close frame from the server (its code) or a transport failure (1006). */
    void onClosed(WsConnection connection, int code, String reason);
}
