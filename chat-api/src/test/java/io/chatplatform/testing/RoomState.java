package io.chatplatform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * A room as one client sees it, built only from the frames it applies, in rev order: what a client of the protocol
 * keeps. Two clients that applied the frames they were given (live, or replayed by SYNC with {@code afterRev}) must
 * end with equal {@link #snapshot()}s.
 */
public final class RoomState {

    /** The frames that report a room change. */
    public static final Set<String> CHANGE_TYPES = Set.of("MESSAGE", "MESSAGE_UPDATED", "MESSAGE_DELETED", "REACTION",
            "THREAD_UPDATED", "MEMBER_JOINED", "MEMBER_LEFT", "MEMBER_UPDATED", "ROOM_UPDATED");

    private final String self;
    private final Map<Long, Map<String, Object>> messages = new TreeMap<>();
    private final Map<String, String> members = new TreeMap<>();
    private String name;
    private long rev;

    public RoomState(String self) {
        this.self = self;
    }

    public long rev() {
        return rev;
    }

    /** A CHANGES page left the client at {@code reached} (it may skip revs that a newer message copy covered). */
    public void reached(long reached) {
        rev = Math.max(rev, reached);
    }

    /**
     * Applies what a client applies of the live frames it holds: those of this room that continue its rev without a
     * gap, in rev order; older ones are duplicates, and those after a gap wait for a SYNC.
     *
     * @return whether anything was applied
     */
    public boolean applyContiguous(long roomId, List<JsonNode> frames) {
        List<JsonNode> changes = new ArrayList<>();
        for (JsonNode frame : frames) {
            if (frame.path("roomId").asLong() == roomId && frame.hasNonNull("rev")) {
                changes.add(frame);
            }
        }
        changes.sort(Comparator.comparingLong(frame -> frame.path("rev").asLong()));
        boolean applied = false;
        for (JsonNode frame : changes) {
            long next = frame.path("rev").asLong();
            if (next == rev + 1) {
                apply(frame);
                applied = true;
            } else if (next > rev + 1) {
                break;
            }
        }
        return applied;
    }

    /** Applies live frames: room changes only, which must come in rev order without a gap from {@link #rev()}. */
    public void applyInOrder(List<JsonNode> frames) {
        for (JsonNode frame : frames) {
            long next = frame.path("rev").asLong();
            if (next != rev + 1) {
                throw new AssertionError("rev " + next + " after " + rev + ": " + frame);
            }
            apply(frame);
        }
    }

    /** Applies one frame that reports a room change; other frames are ignored. */
    public void apply(JsonNode frame) {
        String type = frame.path("type").asString();
        long id = frame.path("messageId").asLong();
        switch (type) {
            case "MESSAGE" -> messages.put(id, messageOf(frame));
            case "MESSAGE_UPDATED" -> {
                Map<String, Object> message = known(id, frame);
                message.put("body", frame.path("body").asString());
                message.put("edited", true);
            }
            case "MESSAGE_DELETED" -> {
                Map<String, Object> message = known(id, frame);
                message.put("body", "");
                message.put("deleted", true);
                ((Map<?, ?>) message.get("reactions")).clear(); // a tombstone carries no reactions
            }
            case "REACTION" -> {
                Map<String, Object> message = known(id, frame);
                @SuppressWarnings("unchecked")
                Map<String, String> reactions = (Map<String, String>) message.get("reactions");
                String emoji = frame.path("emoji").asString();
                boolean mine = self.equals(frame.path("userId").asString());
                String before = reactions.get(emoji);
                boolean meBefore = before != null && before.endsWith("+me");
                boolean me = mine ? frame.path("added").asBoolean() : meBefore;
                int count = frame.path("count").asInt();
                if (count == 0) {
                    reactions.remove(emoji);
                } else {
                    reactions.put(emoji, count + (me ? "+me" : ""));
                }
            }
            case "THREAD_UPDATED" -> {
                Map<String, Object> message = known(id, frame);
                message.put("replyCount", frame.path("replyCount").asInt());
                message.put("lastReplyAt", frame.path("lastReplyAt").asString(""));
                message.put("repliers", texts(frame.path("repliers")));
            }
            case "MEMBER_JOINED", "MEMBER_UPDATED" ->
                    members.put(frame.path("userId").asString(), frame.path("role").asString());
            case "MEMBER_LEFT" -> members.remove(frame.path("userId").asString());
            case "ROOM_UPDATED" -> name = frame.path("name").asString();
            default -> {
                return;
            }
        }
        rev = Math.max(rev, frame.path("rev").asLong());
    }

    private Map<String, Object> known(long messageId, JsonNode frame) {
        Map<String, Object> message = messages.get(messageId);
        if (message == null) {
            throw new AssertionError("a change of message " + messageId + " that this client never saw: " + frame);
        }
        return message;
    }

    private Map<String, Object> messageOf(JsonNode frame) {
        Map<String, Object> message = new TreeMap<>();
        message.put("seq", frame.path("seq").asLong());
        message.put("senderId", frame.path("senderId").asString());
        message.put("body", frame.path("body").asString());
        message.put("edited", frame.hasNonNull("editedAt"));
        message.put("deleted", frame.path("deleted").asBoolean(false));
        message.put("threadId", frame.path("threadId").asLong(0));
        message.put("attributes", frame.path("attributes").toString());
        message.put("replyCount", frame.path("replyCount").asInt(0));
        message.put("lastReplyAt", frame.path("lastReplyAt").asString(""));
        message.put("repliers", texts(frame.path("repliers")));
        Map<String, String> reactions = new TreeMap<>();
        for (JsonNode reaction : frame.path("reactions")) {
            reactions.put(reaction.path("emoji").asString(),
                    reaction.path("count").asInt() + (reaction.path("me").asBoolean() ? "+me" : ""));
        }
        message.put("reactions", reactions);
        return message;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asString()));
        return texts;
    }

    /** Waits for {@code count} change frames on the socket, takes them, and returns them in rev order. */
    public static List<JsonNode> liveChanges(WsClient socket, int count) {
        List<JsonNode> changes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            changes.add(socket.expect(frame -> CHANGE_TYPES.contains(frame.path("type").asString()),
                    "change " + (i + 1) + " of " + count));
        }
        changes.sort(Comparator.comparingLong(frame -> frame.path("rev").asLong()));
        return changes;
    }

    /**
     * Catches up as a client does after a reconnect: SYNC by rev from where this state is, page by page, applying
     * every change, until a page says there is no more. Each page must be of this room, in ascending rev, and leave
     * the client at least where its changes did.
     */
    public void syncByRev(WsClient socket, long roomId, int pageSize) {
        boolean hasMore = true;
        int pages = 0;
        while (hasMore) {
            socket.send(Map.of("type", "SYNC", "roomId", roomId, "afterRev", rev, "limit", pageSize));
            JsonNode page = socket.expect("CHANGES");
            assertThat(page.path("roomId").asLong()).isEqualTo(roomId);
            long previous = rev;
            for (JsonNode change : page.path("changes")) {
                assertThat(change.path("rev").asLong()).isGreaterThan(previous);
                previous = change.path("rev").asLong();
                apply(change);
            }
            hasMore = page.path("hasMore").asBoolean();
            long reached = page.path("rev").asLong();
            assertThat(reached).isGreaterThanOrEqualTo(rev);
            reached(reached);
            assertThat(++pages).isLessThan(1_000);
        }
    }

    /** Everything this client knows of the room, comparable with another client's. */
    public Map<String, Object> snapshot() {
        Map<String, Object> snapshot = new TreeMap<>();
        snapshot.put("messages", messages.toString());
        snapshot.put("members", members.toString());
        snapshot.put("name", String.valueOf(name));
        snapshot.put("rev", rev);
        return snapshot;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
