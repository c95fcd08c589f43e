package io.chatplatform.domain.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** A thread root's latest repliers, newest first, at most {@link #MAX}, kept as a JSON array in one column. */
public final class ThreadRepliers {

    /** How many repliers a thread summary names. */
    public static final int MAX = 3;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ThreadRepliers() {
    }

    /** The list after {@code userId} replied: they move to the front, and the list keeps {@link #MAX}. */
    public static List<String> after(List<String> repliers, String userId) {
        List<String> updated = new ArrayList<>(MAX + 1);
        updated.add(userId);
        for (String earlier : repliers) {
            if (!earlier.equals(userId) && updated.size() < MAX) {
                updated.add(earlier);
            }
        }
        return updated;
    }

    public static String write(List<String> repliers) {
        return JSON.writeValueAsString(repliers);
    }

    /**
     * A root's thread summary from its stored columns, as every read of a message shows it: none while it has no
     * reply.
     */
    static MessageView.ThreadSummary summary(int replyCount, Instant lastReplyAt, String repliersColumn) {
        return replyCount == 0 ? null : new MessageView.ThreadSummary(replyCount, lastReplyAt, parse(repliersColumn));
    }

    public static List<String> parse(String column) {
        if (column == null || column.isEmpty()) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(column, String[].class));
        } catch (JacksonException e) {
            throw new IllegalStateException("unreadable last_repliers: " + column, e);
        }
    }
}
