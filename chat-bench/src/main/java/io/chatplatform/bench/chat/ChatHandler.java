package io.chatplatform.bench.chat;

/** What a scenario does with the frames its sessions receive. Runs on the session's I/O thread. */
public interface ChatHandler {

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
