package io.chatplatform.client;

import java.util.Map;

/**
 * Optional parts of a SEND: a thread to reply in (its root's {@code messageId}), the application's {@code attributes}
 * object, and the {@code clientMsgId} (a fresh UUID when absent; give one to resend a message your application kept
 * across restarts, so that the server stores it at most once).
 */
public record SendOptions(Long threadId, Map<String, ?> attributes, String clientMsgId) {

    public static SendOptions none() {
        return new SendOptions(null, null, null);
    }

    public static SendOptions inThread(long threadId) {
        return new SendOptions(threadId, null, null);
    }

    public SendOptions withAttributes(Map<String, ?> attributes) {
        return new SendOptions(threadId, attributes, clientMsgId);
    }

    public SendOptions withClientMsgId(String clientMsgId) {
        return new SendOptions(threadId, attributes, clientMsgId);
    }

    public SendOptions withThreadId(long threadId) {
        return new SendOptions(threadId, attributes, clientMsgId);
    }
}
