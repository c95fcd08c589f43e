package io.chatplatform.client;

/**
 * The server's confirmation that a SEND is durable: the message's id and its place in the room. A repeated SEND
 * (same {@code clientMsgId}) gets the same ACK.
 */
public record Ack(long roomId, String clientMsgId, long messageId, long seq) {

    static Ack of(Frame frame) {
        return new Ack(frame.longValue("roomId", 0), frame.string("clientMsgId"),
                frame.longValue("messageId", 0), frame.longValue("seq", 0));
    }
}
