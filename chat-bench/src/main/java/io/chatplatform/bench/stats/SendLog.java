package io.chatplatform.bench.stats;

import java.util.Arrays;

/** When each message of one sender was sent, by its per-sender number, to time its ACK. */
public final class SendLog {

    private long[] sentNanos = new long[256];
    private int size;

    public synchronized void put(long number, long nanos) {
        if (number >= sentNanos.length) {
            sentNanos = Arrays.copyOf(sentNanos, (int) Math.max(number + 1, sentNanos.length * 2L));
        }
        sentNanos[(int) number] = nanos;
        size = (int) Math.max(size, number + 1);
    }

    /** @return the send time, or {@link Long#MIN_VALUE} for a number never sent */
    public synchronized long get(long number) {
        return number >= 0 && number < size ? sentNanos[(int) number] : Long.MIN_VALUE;
    }
}
