package io.chatplatform.bench.chat;

/** What a scenario does with the frames its sessions receive. Runs on the session's I/O thread. */
public interface ChatHandler {

    /**
     * Every text frame as received, before the generator's own parsing, for scenarios that read more than
     * {@link ServerFrame} holds (or count bytes). The bytes are valid only during the call.
     *
     * @return true when the handler took the frame: it is then not parsed nor passed to the other callbacks
     *         (return false for READY, which the session itself waits for)
     */
    default boolean onFrame(ChatSession session, byte[] buffer, int offset, int length, long receivedNanos) {
        return false;
    }

    default void onMessage(ChatSession session, ServerFrame frame, long receivedNanos) {
    }

    default void onAck(ChatSession session, ServerFrame frame, long receivedNanos) {
    }

    /** The answer to a SYNC. */
    default void onHistory(ChatSession session, History history, long receivedNanos) {
    }

    default void onPong(ChatSession session, long receivedNanos) {
    }

    default void onError(ChatSession session, ServerFrame frame) {
    }

    /** Any other frame type (PRESENCE, ROOM_CREATED, ...); the contract says clients ignore what they do not know. */
    default void onOther(ChatSession session, ServerFrame frame) {
    }

    /** The socket closed after it had opened (not during the handshake). */
    default void onClosed(ChatSession session, int code, String reason) {
    }
}
