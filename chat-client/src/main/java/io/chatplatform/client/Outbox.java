package io.chatplatform.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * The SENDs not ACKed yet, in the order the application sent them (docs/protocol.md §9.1). An entry leaves when its
 * ACK arrives, when its MESSAGE (live or replayed) shows it stored, or when the server refuses it for good. Not
 * thread-safe: the client uses it from its own thread.
 */
final class Outbox {

    static final class Entry {
        final Frame frame;
        /** The frame's size on the wire (UTF-8 bytes of its JSON), measured once when it was sent. */
        final int bytes;
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

        Entry(Frame frame, int bytes) {
            this.frame = frame;
            this.bytes = bytes;
        }

        String clientMsgId() {
            return frame.string("clientMsgId");
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

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Entry add(Frame frame, int bytes) {
        Entry entry = new Entry(frame, bytes);
        Entry previous = entries.putIfAbsent(entry.clientMsgId(), entry);
        return previous != null ? previous : entry;
    }

    Entry get(String clientMsgId) {
        return clientMsgId == null ? null : entries.get(clientMsgId);
    }

    Entry remove(String clientMsgId) {
        Entry entry = clientMsgId == null ? null : entries.remove(clientMsgId);
        if (entry != null) {
            entry.cancelTimers();
        }
        return entry;
    }

    /** Every entry, oldest first. */
    List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** Entries not yet handed to connection {@code connection}, oldest first. */
    List<Entry> unsentOn(long connection) {
        return entries.values().stream().filter(entry -> entry.sentOn != connection && entry.retry == null).toList();
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
