package io.chatplatform.bench.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every message of one room that anyone learnt of (an ACK to its sender, a live MESSAGE, a SYNC page), by
 * {@code seq}: the room's last seq is what every member must reach, and a seq seen with two different
 * {@code clientMsgId}s means the server numbered two messages alike (for example a restart that reused a seq).
 * Thread-safe.
 */
public final class RoomLog {

    private final Map<Long, String> bySeq = new ConcurrentHashMap<>();
    private final AtomicLong lastSeq = new AtomicLong();
    private final LongAdder conflicts = new LongAdder();

    /** @return false when this seq is already known with another clientMsgId (a conflict, counted) */
    public boolean record(long seq, String clientMsgId) {
        if (seq < 1) {
            return true;
        }
        lastSeq.accumulateAndGet(seq, Math::max);
        String id = clientMsgId == null ? "" : clientMsgId;
        String known = bySeq.putIfAbsent(seq, id);
        if (known != null && !known.equals(id)) {
            conflicts.increment();
            return false;
        }
        return true;
    }

    public long lastSeq() {
        return lastSeq.get();
    }

    public long conflicts() {
        return conflicts.sum();
    }

    /** The clientMsgIds of every known message. */
    public Iterable<String> clientMsgIds() {
        return bySeq.values();
    }

    public int size() {
        return bySeq.size();
    }
}
