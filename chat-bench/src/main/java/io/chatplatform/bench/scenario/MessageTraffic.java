package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatHandler;
import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.ClientFrames;
import io.chatplatform.bench.chat.ServerFrame;
import io.chatplatform.bench.stats.DeliveryLedger;
import io.chatplatform.bench.stats.LatencyRecorder;
import io.chatplatform.bench.stats.Tally;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receiving side of a message scenario: counts, end-to-end and ACK latency, loss accounting and, in closed
 * loop, one new SEND for every ACK (or ERROR) while sending lasts. Latency is recorded only for messages stamped
 * inside the measurement window, so the warm-up does not count.
 */
final class MessageTraffic implements ChatHandler {

    /** Stamps between start (inclusive) and end (exclusive) are measured. */
    static final class Window {
        volatile long start = Long.MAX_VALUE;
        volatile long end = Long.MAX_VALUE;

        boolean contains(long stampNanos) {
            return stampNanos >= start && stampNanos < end;
        }
    }

    final Window window = new Window();
    final LatencyRecorder endToEnd = new LatencyRecorder();
    final LatencyRecorder ackLatency = new LatencyRecorder();
    final LatencyRecorder live = new LatencyRecorder();
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder sendErrors = new LongAdder();
    final LongAdder unexpected = new LongAdder();
    final LongAdder closedDuringTraffic = new LongAdder();
    final Tally errorCodes = new Tally();
    final Tally closeCodes;
    final DeliveryLedger ledger;
    /** SENDs written per room index. */
    final AtomicLongArray sentByRoom;

    private final int[] roomOfSession;
    private final long[] roomIds;
    private final Sender[] senderOfSession;
    private final boolean closedLoop;
    volatile long sendUntil = Long.MAX_VALUE;

    MessageTraffic(int[] roomOfSession, long[] roomIds, Sender[] senderOfSession, boolean closedLoop,
            Tally closeCodes) {
        this.closeCodes = closeCodes;
        this.roomOfSession = roomOfSession;
        this.roomIds = roomIds;
        this.senderOfSession = senderOfSession;
        this.closedLoop = closedLoop;
        this.ledger = new DeliveryLedger(roomIds.length, roomOfSession);
        this.sentByRoom = new AtomicLongArray(roomIds.length);
    }

    boolean send(Sender sender, long stampNanos) {
        if (sender.sendNext(stampNanos)) {
            sent.increment();
            sentByRoom.incrementAndGet(sender.room);
            return true;
        }
        refused.increment();
        return false;
    }

    @Override
    public void onMessage(ChatSession session, ServerFrame frame, long receivedNanos) {
        int room = roomOfSession[session.index()];
        if (frame.roomId() != roomIds[room]) {
            unexpected.increment();
            return;
        }
        delivered.increment();
        ledger.received(session.index(), frame.seq());
        long stamp = ClientFrames.sendNanos(frame.body());
        if (stamp != Long.MIN_VALUE) {
            live.recordNanos(receivedNanos - stamp);
            if (window.contains(stamp)) {
                endToEnd.recordNanos(receivedNanos - stamp);
            }
        }
    }

    @Override
    public void onAck(ChatSession session, ServerFrame frame, long receivedNanos) {
        Sender sender = senderOfSession[session.index()];
        long number = sender == null ? -1 : sender.numberOf(frame.clientMsgId());
        if (number < 0 || frame.roomId() != roomIds[sender.room]) {
            unexpected.increment();
            return;
        }
        acked.increment();
        ledger.acked(sender.room, frame.seq(), sender.key(number));
        long stamp = sender.sentAt(number);
        if (window.contains(stamp)) {
            ackLatency.recordNanos(receivedNanos - stamp);
        }
        refill(sender);
    }

    @Override
    public void onError(ChatSession session, ServerFrame frame) {
        errorCodes.add(frame.code());
        Sender sender = senderOfSession[session.index()];
        if (sender != null && sender.numberOf(frame.ref()) >= 0) {
            sendErrors.increment();
            refill(sender);
        }
    }

    @Override
    public void onClosed(ChatSession session, int code, String reason) {
        closeCodes.add(code + (reason == null || reason.isEmpty() ? "" : " " + reason));
        if (sendUntil != Long.MAX_VALUE) {
            closedDuringTraffic.increment();
        }
    }

    private void refill(Sender sender) {
        if (closedLoop) {
            long now = System.nanoTime();
            if (now < sendUntil) {
                send(sender, now);
            }
        }
    }
}
