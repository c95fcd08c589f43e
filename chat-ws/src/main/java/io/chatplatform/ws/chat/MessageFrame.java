package io.chatplatform.ws.chat;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.ws.protocol.ServerFrame;
import java.time.Instant;
import java.util.List;

/**
 * A message as clients see it, live ({@code MESSAGE} frames), in {@code HISTORY}, in {@code CHANGES} and in REST
 * history alike. {@code editedAt} appears once the author edited it; {@code deleted} only on tombstones, whose body
 * is empty. {@code rev} is the room's change number its posting made; {@code threadId} marks a thread reply;
 * {@code replyCount}, {@code lastReplyAt} and {@code repliers} summarise a root's thread (absent without replies);
 * {@code attributes} is the application's JSON object; {@code reactions} appears once someone reacted.
 */
@JsonTypeName("MESSAGE")
public record MessageFrame(Long roomId, Long messageId, long seq, String senderId, String clientMsgId, String body,
        Instant sentAt, Instant editedAt, Boolean deleted, Long rev, Long threadId,
        @JsonRawValue String attributes, Integer replyCount, Instant lastReplyAt, List<String> repliers,
        List<Reaction> reactions) implements ServerFrame {

    public static MessageFrame of(MessageView view) {
        MessageView.ThreadSummary thread = view.thread();
        List<Reaction> reactions = view.reactions().isEmpty() ? null
                : view.reactions().stream().map(r -> new Reaction(r.emoji(), r.count(), r.me())).toList();
        return new MessageFrame(view.roomId(), view.messageId(), view.seq(), view.senderId(), view.clientMsgId(),
                view.body(), view.sentAt(), view.editedAt(), view.deleted() ? Boolean.TRUE : null,
                view.rev() > 0 ? view.rev() : null, view.threadId(), view.attributes(),
                thread == null ? null : thread.replyCount(), thread == null ? null : thread.lastReplyAt(),
                thread == null ? null : thread.repliers(), reactions);
    }

    /** One emoji on the message, how many reacted with it, and whether the reader did. */
    public record Reaction(String emoji, int count, boolean me) {
    }
}
