package io.chatplatform.bench.chat;

/**
 * The fields of a server frame that the generator looks at; absent numbers are -1, absent strings null.
 *
 * @param type        READY, MESSAGE, ACK, PONG, ERROR, ... (null when the frame was not a JSON object with a type)
 * @param body        the MESSAGE body
 * @param code        the ERROR code
 * @param ref         the ERROR ref (a clientMsgId or a frame type)
 * @param retryAfterMs the ERROR's {@code retryAfterMs} (RATE_LIMITED, UNAVAILABLE), -1 when absent
 */
public record ServerFrame(String type, long roomId, long seq, String clientMsgId, String body, String code,
        String ref, long retryAfterMs) {

    public static final String MESSAGE = "MESSAGE";
    public static final String ACK = "ACK";
    public static final String READY = "READY";
    public static final String PONG = "PONG";
    public static final String ERROR = "ERROR";
}
