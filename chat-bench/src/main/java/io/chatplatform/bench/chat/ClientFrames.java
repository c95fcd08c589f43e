package io.chatplatform.bench.chat;

import io.chatplatform.bench.ws.WsFrames;

/**
 * Client frames, encoded by hand: the generator only puts ASCII letters, digits, '-', '.' and ' ' into its strings,
 * so nothing needs escaping (checked, because a malformed SEND would count as a server error).
 */
public final class ClientFrames {

    private static final byte[] PING = WsFrames.text("{\"type\":\"PING\"}");

    private ClientFrames() {
    }

    public static byte[] ping() {
        return PING;
    }

    public static byte[] send(long roomId, String clientMsgId, String body) {
        return WsFrames.text("{\"type\":\"SEND\",\"roomId\":" + roomId + ",\"clientMsgId\":\"" + plain(clientMsgId)
                + "\",\"body\":\"" + plain(body) + "\"}");
    }

    /** Asks for the room's messages after {@code afterSeq}; answered by one HISTORY frame (or an ERROR). */
    public static byte[] sync(long roomId, long afterSeq, int limit) {
        return WsFrames.text("{\"type\":\"SYNC\",\"roomId\":" + roomId + ",\"afterSeq\":" + afterSeq + ",\"limit\":"
                + limit + "}");
    }

    /** Asks for the room's changes after {@code afterRev}; answered by one CHANGES frame (or an ERROR). */
    public static byte[] syncByRev(long roomId, long afterRev, int limit) {
        return WsFrames.text("{\"type\":\"SYNC\",\"roomId\":" + roomId + ",\"afterRev\":" + afterRev + ",\"limit\":"
                + limit + "}");
    }

    /** Changes a message's body; confirmed by the MESSAGE_UPDATED every member's sessions receive. */
    public static byte[] edit(long roomId, long messageId, String body) {
        return WsFrames.text("{\"type\":\"EDIT\",\"roomId\":" + roomId + ",\"messageId\":" + messageId
                + ",\"body\":\"" + plain(body) + "\"}");
    }

    public static byte[] init(String token) {
        return WsFrames.text("{\"type\":\"INIT\",\"token\":\"" + plain(token) + "\",\"device\":\"bench\"}");
    }

    /**
     * A message body that carries its send time: {@code "<nanoTime> xxxx..."} padded to {@code size} characters.
     * The same process reads it back, so {@link System#nanoTime()} needs no clock synchronisation.
     */
    public static String timedBody(long sendNanos, int size) {
        String stamp = Long.toString(sendNanos);
        StringBuilder body = new StringBuilder(Math.max(size, stamp.length() + 1)).append(stamp).append(' ');
        while (body.length() < size) {
            body.append('x');
        }
        return body.toString();
    }

    /** The send time in a {@link #timedBody}, or {@link Long#MIN_VALUE} for a body that is not one. */
    public static long sendNanos(String body) {
        if (body == null) {
            return Long.MIN_VALUE;
        }
        int space = body.indexOf(' ');
        try {
            return Long.parseLong(space < 0 ? body : body.substring(0, space));
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static String plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("needs JSON escaping: " + text);
            }
        }
        return text;
    }
}
