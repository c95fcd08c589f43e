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

    /** The ACK frame the server would have sent: the {@code ack} event of a send settled by its MESSAGE. */
    Frame frame() {
        return Frame.of("type", "ACK", "roomId", roomId, "clientMsgId", clientMsgId, "messageId", messageId,
                "seq", seq);
    }
}
