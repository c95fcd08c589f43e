package io.chatplatform.ws.notify;

import io.chatplatform.ws.protocol.FrameType;

/** The frames clients send on {@code /ws/notify}. */
final class NotifyCommands {

    private NotifyCommands() {
    }

    /** The notification {@code id} is read: it is never replayed again. */
    record Ack(long id) {
        static final FrameType<Ack> TYPE = new FrameType<>("ACK", Ack.class,
                frame -> new Ack(frame.requiredLong("id")));
    }
}
