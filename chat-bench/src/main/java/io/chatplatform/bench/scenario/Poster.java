package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.ClientFrames;
import io.chatplatform.bench.stats.LatencyRecorder;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Posts to the rooms of {@code reconnect} at a steady rate, room after room, through whichever member of the room is
 * READY at that moment (the protocol has no REST post, so during an outage only members already back can post).
 * A turn whose room has no READY member is skipped and counted. Every SEND stays pending until its ACK or ERROR, or
 * until its socket closes ({@link #cutOff}); at most about one second's worth of the rate is pending at once, like a
 * client's outbox that stops sending when the server stops answering, and a turn past that cap is skipped and
 * counted, so a server that stalls is not buried under a pile of SENDs when it wakes up.
 */
final class Poster implements Runnable {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** The SENDs waiting for their answer, by clientMsgId: through which socket, and when they left. */
    private final Map<String, Sent> pending = new ConcurrentHashMap<>();
    /** SENDs whose socket closed before their answer: they may or may not have been stored. */
    final Set<String> cutOff = ConcurrentHashMap.newKeySet();
    final LongAdder skipped = new LongAdder();
    final LongAdder capped = new LongAdder();
    final LongAdder refused = new LongAdder();
    /** SEND to ACK of the SENDs posted from {@link #measureFrom} on: how long a connected user waits meanwhile. */
    final LatencyRecorder ackLatency = new LatencyRecorder();
    private volatile long measureFrom = Long.MAX_VALUE;
    private final AtomicLong turns = new AtomicLong();
    private final String prefix;
    private final ReconnectClient[] clients;
    private final long[] roomIds;
    private final int members;
    private final double rate;
    private final int bodySize;
    private final int maxInFlight;
    private volatile boolean stop;

    /** @param prefix clientMsgIds are {@code <prefix><turn>} */
    Poster(String prefix, ReconnectClient[] clients, long[] roomIds, int members, double rate, int bodySize) {
        this.prefix = prefix;
        this.clients = clients;
        this.roomIds = roomIds;
        this.members = members;
        this.rate = rate;
        this.bodySize = bodySize;
        this.maxInFlight = (int) Math.max(1, Math.ceil(rate));
    }

    @Override
    public void run() {
        long interval = Math.max(1, Math.round(SECOND / rate));
        long next = System.nanoTime();
        while (!stop) {
            Progress.sleepUntil(next);
            next += interval;
            if (System.nanoTime() - next > SECOND) {
                next = System.nanoTime(); // stalled (GC, overload): do not burst to make up for it
            }
            if (pending.size() >= maxInFlight) {
                capped.increment();
                continue;
            }
            long turn = turns.getAndIncrement();
            int room = (int) (turn % roomIds.length);
            ChatSession sender = readyMember(room, (int) (turn / roomIds.length));
            if (sender == null) {
                skipped.increment();
                continue;
            }
            String id = prefix + turn;
            long now = System.nanoTime();
            pending.put(id, new Sent(sender, now));
            if (!sender.send(ClientFrames.send(roomIds[room], id, ClientFrames.timedBody(now, bodySize)))) {
                pending.remove(id);
                refused.increment();
            }
        }
    }

    private ChatSession readyMember(int room, int offset) {
        for (int i = 0; i < members; i++) {
            ChatSession session = clients[room * members + (offset + i) % members].readySession();
            if (session != null) {
                return session;
            }
        }
        return null;
    }

    /** Moves the SENDs still waiting on a socket that closed to {@link #cutOff}: no answer comes on it any more. */
    void closed(ChatSession session) {
        pending.forEach((id, sent) -> {
            if (sent.session() == session && pending.remove(id, sent)) {
                cutOff.add(id);
            }
        });
    }

    /** A SEND's ACK came: no longer pending; its wait is recorded if it was posted from {@link #measureFrom} on. */
    void acked(String clientMsgId, long receivedNanos) {
        Sent sent = pending.remove(clientMsgId);
        if (sent != null && turnOf(clientMsgId) >= measureFrom) {
            ackLatency.recordNanos(receivedNanos - sent.at());
        }
    }

    /** A SEND's ERROR came: no longer pending; whether it was one of ours. */
    boolean refusedBy(String clientMsgId) {
        return pending.remove(clientMsgId) != null;
    }

    /** SENDs waiting for their answer. */
    int pendingCount() {
        return pending.size();
    }

    /** Whether no SEND waiting for its answer is on a socket still open (none can be answered any more). */
    boolean noneAwaitedOnOpenSocket() {
        return pending.values().stream().map(Sent::session).noneMatch(ChatSession::isOpen);
    }

    /** ACK waits are recorded for the turns from this one on (the restart's). */
    void measureAcksFrom(long turn) {
        measureFrom = turn;
    }

    /** Every SEND that got neither ACK nor ERROR: still pending, or cut off by its socket's close. */
    Stream<String> unanswered() {
        return Stream.concat(pending.keySet().stream(), cutOff.stream());
    }

    int maxInFlight() {
        return maxInFlight;
    }

    /** The next turn's number: messages with a turn from here on were posted after this moment. */
    long nextTurn() {
        return turns.get();
    }

    /** The turn a clientMsgId of this poster carries, or -1. */
    long turnOf(String clientMsgId) {
        if (clientMsgId == null || !clientMsgId.startsWith(prefix)) {
            return -1;
        }
        try {
            return Long.parseLong(clientMsgId.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void stop() {
        stop = true;
    }

    private record Sent(ChatSession session, long at) {
    }
}
