package io.chatplatform.ws.protocol;

/**
 * What an ERROR names of the frame it answers: {@code ref}, the frame's clientMsgId if it had a string one, else its
 * type; and {@code roomId}, the frame's own if it had an integer one. A clientMsgId is unique per room and sender
 * (docs/protocol.md §8), so only the two together say which SEND was refused. Both null for a frame that could not be
 * parsed.
 */
public record FrameRef(String ref, Long roomId) {

    public static final FrameRef NONE = new FrameRef(null, null);
}
