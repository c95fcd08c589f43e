package io.chatplatform.ws.chat;

import io.chatplatform.domain.change.RoomChange;

/**
 * The frame that reports a logged room change: {@code type} (the change's kind), {@code roomId}, {@code rev}, then
 * the change's own fields. Live frames and the entries of {@code CHANGES} are both built here, from the same stored
 * fields, so a client that replays changes sees exactly what it would have seen online.
 */
final class ChangeFrames {

    private ChangeFrames() {
    }

    static String text(RoomChange change) {
        String fields = change.fields(); // a JSON object, written by the domain: {...} or {}
        StringBuilder text = new StringBuilder(fields.length() + 64)
                .append("{\"type\":\"").append(change.kind().name())
                .append("\",\"roomId\":").append(change.roomId())
                .append(",\"rev\":").append(change.rev());
        if (fields.length() > 2) {
            text.append(',').append(fields, 1, fields.length());
        } else {
            text.append('}');
        }
        return text.toString();
    }
}
