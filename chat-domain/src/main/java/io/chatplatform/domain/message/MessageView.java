package io.chatplatform.domain.message;

import java.time.Instant;
import java.util.List;

/**
 * A message as every member sees it. {@code editedAt} is set once the author edited it; a deleted message is a
 * tombstone: its {@code deletedAt} is set and its body is empty. {@code rev} is the room's change number its posting
 * made. {@code threadId} is set on thread replies (the root's {@code messageId}); {@code thread} is the summary of a
 * root's replies (null when it has none); {@code attributes} the application's JSON object text (or null);
 * {@code reactions} the distinct reactions with their counts, {@code me} as seen by the reader it was read for.
 */
public record MessageView(Long roomId, Long messageId, long seq, String senderId, String clientMsgId, String body,
        Instant sentAt, Instant editedAt, Instant deletedAt, long rev, Long threadId, String attributes,
        ThreadSummary thread, List<ReactionCount> reactions) {

    public MessageView {
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }

    /** A plain message: no thread, no attributes, no reactions, rev 0 (not yet numbered as a change). */
    public MessageView(Long roomId, Long messageId, long seq, String senderId, String clientMsgId, String body,
            Instant sentAt, Instant editedAt, Instant deletedAt) {
        this(roomId, messageId, seq, senderId, clientMsgId, body, sentAt, editedAt, deletedAt, 0, null, null, null,
                List.of());
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    public MessageView withReactions(List<ReactionCount> counted) {
        return new MessageView(roomId, messageId, seq, senderId, clientMsgId, body, sentAt, editedAt, deletedAt, rev,
                threadId, attributes, thread, counted);
    }

    /** A thread root's replies: how many, when the last came, and who wrote the latest (newest first, at most 3). */
    public record ThreadSummary(int replyCount, Instant lastReplyAt, List<String> repliers) {

        public ThreadSummary {
            repliers = repliers == null ? List.of() : List.copyOf(repliers);
        }
    }

    /** One emoji on a message: how many users reacted with it, and whether the reader is one of them. */
    public record ReactionCount(String emoji, int count, boolean me) {
    }
}
