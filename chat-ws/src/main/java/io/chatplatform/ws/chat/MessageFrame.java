package io.chatplatform.ws.chat;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.ws.protocol.ServerFrame;
import java.time.Instant;

/**
 * A message as clients see it, live ({@code MESSAGE} frames), in {@code HISTORY} and in REST history alike.
 * {@code editedAt} appears once the author edited it; {@code deleted} only on tombstones, whose body is empty.
 */
@JsonTypeName("MESSAGE")
public record MessageFrame(Long roomId, Long messageId, long seq, String senderId, String clientMsgId, String body,
        Instant sentAt, Instant editedAt, Boolean deleted) implements ServerFrame {

    public static MessageFrame of(MessageView view) {
        return new MessageFrame(view.roomId(), view.messageId(), view.seq(), view.senderId(), view.clientMsgId(),
                view.body(), view.sentAt(), view.editedAt(), view.deleted() ? Boolean.TRUE : null);
    }
}
