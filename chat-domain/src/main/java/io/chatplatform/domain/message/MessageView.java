package io.chatplatform.domain.message;

import java.time.Instant;

/**
 * A message as every member sees it. {@code editedAt} is set once the author edited it; a deleted message is a
 * tombstone: its {@code deletedAt} is set and its body is empty.
 */
public record MessageView(Long roomId, Long messageId, long seq, String senderId, String clientMsgId, String body,
        Instant sentAt, Instant editedAt, Instant deletedAt) {

    public boolean deleted() {
        return deletedAt != null;
    }
}
