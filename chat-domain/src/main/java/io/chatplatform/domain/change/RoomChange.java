package io.chatplatform.domain.change;

import java.time.Instant;

/**
 * One logged change of a room, other than a new message: the room's {@code rev} after it, what it was, the message it
 * is about (if any), and {@code fields}, the JSON object of what clients are told besides {@code type}, {@code roomId}
 * and {@code rev}. Live frames and replayed ones are built from the same {@code fields}, so they are the same.
 */
public record RoomChange(Long roomId, long rev, ChangeKind kind, Long messageId, String fields, Instant changedAt) {
}
