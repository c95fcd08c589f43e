package io.chatplatform.client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * The SENDs not ACKed yet, in the order the application sent them (docs/protocol.md §9.1). An entry leaves when its
 * ACK arrives, when its MESSAGE (live or replayed) shows it stored, or when the server refuses it for good. Not
 * thread-safe: the client uses it from its own thread.
 *
 * <p>A {@code clientMsgId} is scoped to (room, sender) (§8): the same id in two rooms is two messages, so entries are
 * keyed by both. An ERROR names only {@code ref} = clientMsgId, so two SENDs with the same clientMsgId are never on the
 * wire at once: of the entries sharing one, only the oldest is sent ({@link #unsentOn}); the others wait until it
 * leaves.
 */
final class Outbox {

    static final class Entry {
        final Frame frame;
        /** The frame's size as the server measures it (characters of its JSON), measured once when it was sent. */
        final int length;
        final CompletableFuture<Ack> future = new CompletableFuture<>();
        /** The connection it was last handed to; -1 when it waits for the next one. */
        long sentOn = -1;
        int internalErrors;
        /** Sent on the current connection and not answered yet: it takes a place in the client's window. */
        boolean inFlight;
        /** The resend after a refusal that names a wait (UNAVAILABLE, INTERNAL: RATE_LIMITED pauses the outbox). */
        ScheduledFuture<?> retry;
        /** The resend due when the connection it went on stays silent about it (the JS client's ackTimeoutMs). */
        ScheduledFuture<?> answerWait;

        Entry(Frame frame, int length) {
            this.frame = frame;
            this.length = length;
        }

        String clientMsgId() {
            return frame.string("clientMsgId");
        }

        long roomId() {
            return frame.longValue("roomId");
        }

        Key key() {
            return new Key(roomId(), clientMsgId());
        }

        void cancelTimers() {
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
            stopWaitingForAnswer();
        }

        void stopWaitingForAnswer() {
            if (answerWait != null) {
                answerWait.cancel(false);
                answerWait = null;
            }
        }
    }

    /** What identifies a message to the server: its room and its clientMsgId (the sender is this client's user). */
    record Key(long roomId, String clientMsgId) {
    }

    private final Map<Key, Entry> entries = new LinkedHashMap<>();

    /** Adds the SEND, or returns the entry of the same message (same room, same clientMsgId) already waiting. */
    Entry add(Frame frame, int length) {
        Entry entry = new Entry(frame, length);
        Entry previous = entries.putIfAbsent(entry.key(), entry);
        return previous != null ? previous : entry;
    }

    Entry get(long roomId, String clientMsgId) {
        return clientMsgId == null ? null : entries.get(new Key(roomId, clientMsgId));
    }

    /**
     * The entry an ERROR with this {@code ref} answers: the oldest with that clientMsgId, the only one of them that is
     * sent (see {@link #unsentOn}).
     */
    Entry oldest(String clientMsgId) {
        if (clientMsgId == null) {
            return null;
        }
        return entries.values().stream().filter(e -> clientMsgId.equals(e.clientMsgId())).findFirst().orElse(null);
    }

    /** Whether the entry is still in the outbox (not settled or replaced meanwhile). */
    boolean holds(Entry entry) {
        return entries.get(entry.key()) == entry;
    }

    Entry remove(long roomId, String clientMsgId) {
        Entry entry = clientMsgId == null ? null : entries.remove(new Key(roomId, clientMsgId));
        if (entry != null) {
            entry.cancelTimers();
        }
        return entry;
    }

    /** Every entry, oldest first. */
    List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /**
     * Entries not yet handed to connection {@code connection}, oldest first; an entry whose clientMsgId an older entry
     * (of another room) has too waits for that one to leave, so that an ERROR's {@code ref} names one SEND.
     */
    List<Entry> unsentOn(long connection) {
        Set<String> older = new HashSet<>();
        List<Entry> unsent = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (older.add(entry.clientMsgId()) && entry.sentOn != connection && entry.retry == null) {
                unsent.add(entry);
            }
        }
        return unsent;
    }

    int size() {
        return entries.size();
    }

    List<Entry> drain() {
        List<Entry> all = entries();
        all.forEach(Entry::cancelTimers);
        entries.clear();
        return all;
    }
}
