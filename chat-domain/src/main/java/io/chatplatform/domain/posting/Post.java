package io.chatplatform.domain.posting;

/**
 * What a sender posts: the room, the sender's idempotency key, the body, optionally the root of the thread it
 * replies in, and optionally the application's attributes (a JSON object, as text).
 */
public record Post(Long roomId, String clientMsgId, String body, Long threadId, String attributes) {

    public Post(Long roomId, String clientMsgId, String body) {
        this(roomId, clientMsgId, body, null, null);
    }
}
