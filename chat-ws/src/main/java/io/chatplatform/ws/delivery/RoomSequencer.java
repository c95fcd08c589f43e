package io.chatplatform.ws.delivery;

import io.chatplatform.domain.common.DaemonThreads;
import io.chatplatform.domain.message.MessageService;
import io.chatplatform.domain.message.MessageView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Delivers each room's messages in seq order on this node. Messages posted on this node arrive in order; those
 * from other nodes can overtake each other on the way. A message that arrives early waits; when the gap is not
 * filled within the gap timeout, the missing messages (committed, since seq is gap-free) are read from the
 * database. A message at or below what was delivered is a repeat and is dropped. A room this node has not seen
 * before starts after the last message stored before the node began tracking: every later one reaches this node
 * as an event, or is read back to fill a gap, even one still in flight when the room is first seen.
 * <p>
 * A message is announced only once it is committed, so a gap is filled only up to a waiting message the database
 * holds: an announced seq it does not hold (a forged or corrupt envelope, say one far ahead of the room) is
 * discarded and counted ({@code chat.cluster.messages.discarded}) instead of making the room skip to it, which
 * would silence the room on this node, every later message being taken for a repeat. A room keeps at most
 * {@link #MAX_WAITING} early messages; beyond that new ones are left to the gap fill, which reads them back.
 */
@Component
public class RoomSequencer implements DisposableBean {

    static final int MAX_WAITING = 10_000;
    private static final int CATCH_UP_PAGE = 500;
    private static final Logger log = LoggerFactory.getLogger(RoomSequencer.class);

    private final MessageService messages;
    private final Counter discarded;
    private final long gapTimeoutMillis;
    private final Instant trackingSince;
    private final Map<Long, RoomQueue> rooms = new ConcurrentHashMap<>();
    /** Whether this node hears a room (always, on a bus that does not route by interest). */
    private final Predicate<Long> heard;
    private final ScheduledExecutorService gaps = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.single("room-gap-fill"));

    @Autowired
    RoomSequencer(MessageService messages, ClusterProperties properties, MeterRegistry meters, ClusterBus bus) {
        this(messages, properties, meters, bus::listensToRoom);
    }

    RoomSequencer(MessageService messages, ClusterProperties properties, MeterRegistry meters,
            Predicate<Long> heard) {
        this.messages = messages;
        this.heard = heard;
        this.discarded = Counter.builder("chat.cluster.messages.discarded")
                .description("messages announced by other nodes under a seq the database does not hold (forged or "
                        + "corrupt envelopes), dropped so that they cannot hold up or silence their room")
                .register(meters);
        this.gapTimeoutMillis = properties.gapTimeout().toMillis();
        this.trackingSince = Instant.now();
    }

    /**
     * Delivers message {@code seq} of a room once every earlier one was delivered.
     *
     * @param fill delivers messages read from the database to fill a gap: one room's, consecutive, in seq order
     */
    public void submit(Long roomId, long seq, Runnable delivery, Consumer<List<MessageView>> fill) {
        if (!heard.test(roomId)) {
            return; // checked again below, under the queue's lock; this spares making a queue only to drop it
        }
        RoomQueue queue = rooms.computeIfAbsent(roomId,
                id -> new RoomQueue(Math.min(seq - 1, messages.lastSeqSentBefore(id, trackingSince))));
        synchronized (queue) {
            if (queue.retired) { // replaced by startAt or forgotten meanwhile: go by what replaced it
                submit(roomId, seq, delivery, fill);
                return;
            }
            if (!heard.test(roomId)) {
                // The node stopped hearing the room while the message was on its way (an event in flight, or a local
                // post whose room was checked just before): no session here is owed it. Kept, a queue made for it
                // would start where the node began tracking and read every message since then to fill the gap.
                if (rooms.remove(roomId, queue)) {
                    queue.retire();
                }
                return;
            }
            if (seq <= queue.delivered || queue.waiting.containsKey(seq)
                    || seq > queue.delivered + 1 && queue.waiting.size() >= MAX_WAITING) {
                return;
            }
            queue.waiting.put(seq, delivery);
            queue.fill = fill;
            queue.drain();
            if (!queue.waiting.isEmpty() && !queue.gapCheckScheduled) {
                queue.gapCheckScheduled = true;
                gaps.schedule(() -> fillGap(roomId, queue, fill), gapTimeoutMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * This node starts hearing the room now (it listens, having not before): messages up to {@code from} count as
     * delivered; those after it up to {@code upTo} (the newest committed once it listened, which it may have missed)
     * are read back and given to {@code fill}, in order; later ones arrive as events.
     * <p>
     * The node hears the room from the moment it listens, before this runs, so a message may have arrived already
     * and been queued for the room: one delivered then is not read back again, and one still waiting is kept, to go
     * out in its turn (else, once the queue it waited in was replaced, it would wait for a later message's gap fill).
     */
    public void startAt(Long roomId, long from, long upTo, Consumer<List<MessageView>> fill) {
        RoomQueue fresh = new RoomQueue(from);
        synchronized (fresh) {
            RoomQueue old = rooms.put(roomId, fresh);
            Consumer<List<MessageView>> gapFill = fill;
            if (old != null) {
                synchronized (old) {
                    fresh.delivered = Math.max(from, old.delivered);
                    fresh.waiting.putAll(old.waiting);
                    if (old.fill != null) {
                        gapFill = old.fill; // the waiting messages' own: this one may not deliver (a new session's)
                    }
                    old.retire();
                }
            }
            if (upTo > fresh.delivered) {
                List<MessageView> missed = messages.range(roomId, fresh.delivered, upTo + 1);
                if (!missed.isEmpty()) {
                    fill.accept(missed);
                }
                fresh.delivered = upTo;
            }
            fresh.waiting.headMap(fresh.delivered, true).clear(); // read back just now
            fresh.drain();
            if (!fresh.waiting.isEmpty()) {
                Consumer<List<MessageView>> waitingFill = gapFill;
                fresh.fill = waitingFill;
                fresh.gapCheckScheduled = true;
                gaps.schedule(() -> fillGap(roomId, fresh, waitingFill), gapTimeoutMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * This node stops hearing the room: what it knew of it is stale from now on. Called once the bus no longer
     * listens to the room, so that a message still on its way finds the room not heard and leaves no queue behind.
     */
    public void forget(Long roomId) {
        RoomQueue old = rooms.remove(roomId);
        if (old != null) {
            old.retire();
        }
    }

    /**
     * A gap fill the database cannot serve (away, or too slow) is tried again after another gap timeout, and so is a
     * further gap behind the one filled, so that the waiting messages go out even if no later message comes to
     * trigger a new check.
     */
    private void fillGap(Long roomId, RoomQueue queue, Consumer<List<MessageView>> fill) {
        try {
            fillGapNow(roomId, queue, fill);
        } catch (RuntimeException | Error e) {
            log.warn("Filling a gap in room {} failed, retrying in {} ms", roomId, gapTimeoutMillis, e);
        }
        synchronized (queue) { // a further gap behind the one filled, or a fill that failed: check again later
            if (!queue.waiting.isEmpty() && !queue.gapCheckScheduled && !gaps.isShutdown()) {
                queue.gapCheckScheduled = true;
                gaps.schedule(() -> fillGap(roomId, queue, fill), gapTimeoutMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void fillGapNow(Long roomId, RoomQueue queue, Consumer<List<MessageView>> fill) {
        synchronized (queue) {
            queue.gapCheckScheduled = false;
            if (queue.retired) {
                return;
            }
            int unknown = 0;
            while (!queue.waiting.isEmpty() && !messages.isStored(roomId, queue.waiting.firstKey())) {
                long seq = queue.waiting.pollFirstEntry().getKey();
                if (unknown++ == 0) {
                    log.warn("Discarding message {} of room {} announced by another node: no such message is stored",
                            seq, roomId);
                }
            }
            discarded.increment(unknown);
            if (queue.waiting.isEmpty()) {
                return;
            }
            long firstWaiting = queue.waiting.firstKey();
            List<MessageView> missing = messages.range(roomId, queue.delivered, firstWaiting);
            if (!missing.isEmpty()) {
                fill.accept(missing);
            }
            queue.delivered = firstWaiting - 1;
            queue.drain();
        }
    }

    /**
     * After a break in the link to the other nodes: reads what each room this node tracks missed meanwhile and
     * delivers it in seq order, instead of waiting for a later message of the room to reveal the gap.
     */
    public void catchUp(Consumer<List<MessageView>> fill) {
        rooms.forEach((roomId, queue) -> {
            try {
                catchUp(roomId, queue, fill);
            } catch (RuntimeException e) {
                log.warn("Catching up room {} failed: {}", roomId, e.toString());
            }
        });
    }

    private void catchUp(Long roomId, RoomQueue queue, Consumer<List<MessageView>> fill) {
        synchronized (queue) {
            List<MessageView> missed;
            do {
                missed = messages.range(roomId, queue.delivered, queue.delivered + CATCH_UP_PAGE + 1);
                int next = 0;
                while (next < missed.size() && missed.get(next).seq() == queue.delivered + next + 1) {
                    queue.waiting.remove(missed.get(next).seq());
                    next++;
                }
                if (next > 0) {
                    fill.accept(missed.subList(0, next));
                    queue.delivered += next;
                }
                if (next < missed.size()) {
                    return; // not committed yet, or a gap the gap check fills
                }
            } while (missed.size() == CATCH_UP_PAGE);
            queue.drain();
        }
    }

    @Override
    public void destroy() {
        gaps.shutdownNow();
    }

    private static final class RoomQueue {
        long delivered;
        boolean gapCheckScheduled;
        /** Replaced or forgotten: a gap check still scheduled for it does nothing. */
        boolean retired;
        final TreeMap<Long, Runnable> waiting = new TreeMap<>();
        /** How the messages waiting here fill a gap before them: their giver's. */
        Consumer<List<MessageView>> fill;

        RoomQueue(long delivered) {
            this.delivered = delivered;
        }

        synchronized void retire() {
            retired = true;
            waiting.clear();
        }

        void drain() {
            while (!waiting.isEmpty() && waiting.firstKey() == delivered + 1) {
                waiting.pollFirstEntry().getValue().run();
                delivered++;
            }
        }
    }
}
