package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatHandler;
import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.ServerFrame;

/**
 * Sessions are opened before their rooms exist (so that joining a room costs no PRESENCE storm), while the handler
 * that counts traffic needs the room ids: sessions get this switch, which forwards to whatever is set.
 */
final class HandlerSwitch implements ChatHandler {

    private static final ChatHandler NOTHING = new ChatHandler() { };

    private volatile ChatHandler target = NOTHING;

    void set(ChatHandler handler) {
        target = handler;
    }

    @Override
    public void onMessage(ChatSession session, ServerFrame frame, long receivedNanos) {
        target.onMessage(session, frame, receivedNanos);
    }

    @Override
    public void onAck(ChatSession session, ServerFrame frame, long receivedNanos) {
        target.onAck(session, frame, receivedNanos);
    }

    @Override
    public void onPong(ChatSession session, long receivedNanos) {
        target.onPong(session, receivedNanos);
    }

    @Override
    public void onError(ChatSession session, ServerFrame frame) {
        target.onError(session, frame);
    }

    @Override
    public void onOther(ChatSession session, ServerFrame frame) {
        target.onOther(session, frame);
    }

    @Override
    public void onClosed(ChatSession session, int code, String reason) {
        target.onClosed(session, code, reason);
    }
}
