package io.chatplatform.ws.chat;

import io.chatplatform.ws.protocol.FrameType;

/** The frames clients send on {@code /ws/chat}, each read into its record before {@link ChatRoutes} sees it. */
final class ChatCommands {

    private ChatCommands() {
    }

    /** {@code attributes} is the client's JSON object as compact JSON text. */
    record Send(long roomId, String clientMsgId, String body, Long threadId, String attributes) {
        static final FrameType<Send> TYPE = new FrameType<>("SEND", Send.class, frame -> new Send(
                frame.requiredLong("roomId"), frame.requiredString("clientMsgId"), frame.requiredString("body"),
                frame.optionalLong("threadId"), frame.optionalObjectText("attributes")));
    }

    /** With {@code afterRev}, by rev (CHANGES), and then {@code afterSeq} is not read; else by seq (HISTORY). */
    record Sync(long roomId, Long afterRev, Long afterSeq, Integer limit) {
        static final FrameType<Sync> TYPE = new FrameType<>("SYNC", Sync.class, frame -> {
            long roomId = frame.requiredLong("roomId");
            Long afterRev = frame.optionalLong("afterRev");
            Long afterSeq = afterRev != null ? null : Long.valueOf(frame.requiredLong("afterSeq"));
            return new Sync(roomId, afterRev, afterSeq, frame.optionalInt("limit"));
        });
    }

    record Read(long roomId, long seq) {
        static final FrameType<Read> TYPE = new FrameType<>("READ", Read.class,
                frame -> new Read(frame.requiredLong("roomId"), frame.requiredLong("seq")));
    }

    record Typing(long roomId) {
        static final FrameType<Typing> TYPE = new FrameType<>("TYPING", Typing.class,
                frame -> new Typing(frame.requiredLong("roomId")));
    }

    record Edit(long roomId, long messageId, String body) {
        static final FrameType<Edit> TYPE = new FrameType<>("EDIT", Edit.class, frame -> new Edit(
                frame.requiredLong("roomId"), frame.requiredLong("messageId"), frame.requiredString("body")));
    }

    record Delete(long roomId, long messageId) {
        static final FrameType<Delete> TYPE = new FrameType<>("DELETE", Delete.class,
                frame -> new Delete(frame.requiredLong("roomId"), frame.requiredLong("messageId")));
    }

    record React(long roomId, long messageId, String emoji) {
        static final FrameType<React> TYPE = new FrameType<>("REACT", React.class, frame -> new React(
                frame.requiredLong("roomId"), frame.requiredLong("messageId"), frame.requiredString("emoji")));
    }

    record Unreact(long roomId, long messageId, String emoji) {
        static final FrameType<Unreact> TYPE = new FrameType<>("UNREACT", Unreact.class, frame -> new Unreact(
                frame.requiredLong("roomId"), frame.requiredLong("messageId"), frame.requiredString("emoji")));
    }
}
