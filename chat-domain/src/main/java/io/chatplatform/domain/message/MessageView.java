package io.chatplatform.domain.message;

import java.time.Instant;

/** A message as every member sees it. */
public record MessageView(Long roomId, Long messageId, long seq, String senderId, String clientMsgId, String body,
        Instant sentAt) {
}
