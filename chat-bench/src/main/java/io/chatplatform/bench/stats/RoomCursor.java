package io.chatplatform.bench.stats;

import java.util.BitSet;

/**
 * What one member holds of one room, by {@code seq}: the contiguous prefix {@code 1..watermark} (the protocol's
 * {@code lastSeenSeq}) and whatever arrived beyond a gap. Live frames and SYNC pages may overlap, so a seq can
 * arrive twice; the cursor keeps it once and counts the repeat. Not thread-safe: the owner serialises calls.
 */
public final class RoomCursor {

    /**
     * What a received seq meant: new; already held, with one of the copies from a SYNC page (the protocol's
     * expected overlap); already received live (a live frame twice: a server fault); or not a valid seq.
     */
    public enum Receipt { NEW, DUPLICATE, DUPLICATE_LIVE, INVALID }

    private final BitSet held = new BitSet();
    private final BitSet live = new BitSet();
    private long watermark;
    private long lastAdvanceNanos;
    private long duplicates;

    /** @param fromLive a live MESSAGE frame (false: a message of a SYNC page) */
    public Receipt receive(long seq, boolean fromLive, long nowNanos) {
        if (seq < 1 || seq >= Integer.MAX_VALUE) {
            return Receipt.INVALID;
        }
        int bit = (int) seq;
        boolean liveBefore = live.get(bit);
        if (fromLive) {
            live.set(bit);
        }
        if (held.get(bit)) {
            duplicates++;
            return fromLive && liveBefore ? Receipt.DUPLICATE_LIVE : Receipt.DUPLICATE;
        }
        held.set(bit);
        if (seq == watermark + 1) {
            watermark = held.nextClearBit(bit) - 1;
            lastAdvanceNanos = nowNanos;
        }
        return Receipt.NEW;
    }

    /** Every seq from 1 to this one has arrived: where a SYNC continues ({@code afterSeq}). */
    public long watermark() {
        return watermark;
    }

    /** Something arrived beyond a missing seq: a SYNC from {@link #watermark()} must fill the hole. */
    public boolean hasGap() {
        return held.length() - 1 > watermark;
    }

    /** When the watermark last moved; with posting stopped, the moment this member caught up. */
    public long lastAdvanceNanos() {
        return lastAdvanceNanos;
    }

    /** Every repeat, whatever its source. */
    public long duplicates() {
        return duplicates;
    }

    /** Seqs in {@code 1..lastSeq} that never arrived. */
    public long missing(long lastSeq) {
        if (lastSeq < 1) {
            return 0;
        }
        int end = (int) Math.min(lastSeq, Integer.MAX_VALUE - 1) + 1;
        return lastSeq - held.get(1, end).cardinality();
    }
}
