package io.chatplatform.ws.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The WebSocket side's meters, exported at {@code /actuator/prometheus}: open sessions, frames in and out, frames
 * refused for rate, reads paused for rate, handshakes by answer, writes (fewer than frames when they coalesce),
 * frames per writer thread, slow consumers cut off, and how long storing and fanning out a message take.
 */
@Component
public class WsMetrics {

    private static final List<String> HANDSHAKE_STATUSES = List.of("101", "400", "401", "403", "503", "other");

    private final MeterRegistry meters;
    private final Map<Endpoint, Counter> framesIn = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Counter> framesOut = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Counter> rateLimited = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Counter> readsPaused = new EnumMap<>(Endpoint.class);
    /** Per endpoint, by HTTP status of the answer (101, 400, 401, 403, 503, or "other"). */
    private final Map<Endpoint, Map<String, Counter>> handshakes = new EnumMap<>(Endpoint.class);
    private final Counter slowConsumers;
    private final Counter writes;
    private final Counter sendsUnavailable;
    private final Timer store;
    private final Timer fanOut;
    /** Sockets open and not yet authenticated, node-wide: what a handshake flood fills. */
    private final AtomicInteger pendingSessions = new AtomicInteger();

    public WsMetrics(MeterRegistry meters, SessionRegistry registry) {
        this.meters = meters;
        for (Endpoint endpoint : Endpoint.values()) {
            String path = endpoint.path();
            framesIn.put(endpoint, Counter.builder("chat.ws.frames.in").tag("endpoint", path).register(meters));
            framesOut.put(endpoint, Counter.builder("chat.ws.frames.out").tag("endpoint", path).register(meters));
            rateLimited.put(endpoint, Counter.builder("chat.ws.frames.rate.limited").tag("endpoint", path)
                    .register(meters));
            readsPaused.put(endpoint, Counter.builder("chat.ws.reads.paused").tag("endpoint", path)
                    .description("times a connection's reads stopped until its rate allowed the next frame")
                    .register(meters));
            Map<String, Counter> byStatus = new HashMap<>();
            for (String status : HANDSHAKE_STATUSES) {
                byStatus.put(status, Counter.builder("chat.ws.handshakes").tag("endpoint", path).tag("status", status)
                        .description("WebSocket handshakes answered, by HTTP status (101: upgraded)").register(meters));
            }
            handshakes.put(endpoint, byStatus);
            Gauge.builder("chat.ws.sessions", registry, r -> r.authenticatedCount(endpoint)).tag("endpoint", path)
                    .description("open, authenticated sessions").register(meters);
        }
        Gauge.builder("chat.ws.sessions.pending", pendingSessions, AtomicInteger::get)
                .description("sockets open and not yet authenticated (INIT pending), all endpoints").register(meters);
        this.writes = Counter.builder("chat.ws.writes")
                .description("groups of frames handed to a socket in one go; fewer than frames out when writes coalesce")
                .register(meters);
        this.slowConsumers = Counter.builder("chat.ws.slow.consumers")
                .description("sessions closed for not reading fast enough").register(meters);
        this.sendsUnavailable = Counter.builder("chat.messages.unavailable")
                .description("SENDs answered UNAVAILABLE: the database did not confirm them within the store timeout")
                .register(meters);
        this.store = Timer.builder("chat.messages.store").description("storing a message, commit included")
                .publishPercentileHistogram().register(meters);
        this.fanOut = Timer.builder("chat.messages.delivery")
                .description("handing a committed message to every local session of the room")
                .publishPercentileHistogram().register(meters);
    }

    AtomicInteger pendingSessions() {
        return pendingSessions;
    }

    /** Counts a handshake answered with {@code status}: upgraded (101) or refused. */
    void handshake(Endpoint endpoint, int status) {
        Map<String, Counter> byStatus = handshakes.get(endpoint);
        Counter counter = byStatus.get(Integer.toString(status));
        (counter != null ? counter : byStatus.get("other")).increment();
    }

    void frameIn(Endpoint endpoint) {
        framesIn.get(endpoint).increment();
    }

    /** Counts frames written to one socket in one go: one write, several frames when they coalesced. */
    public void written(Endpoint endpoint, int frames) {
        framesOut.get(endpoint).increment(frames);
        writes.increment();
    }

    /**
     * Registers {@code chat.ws.writer.frames{writer}}: the frames one writer thread was given for its sessions. The
     * writers' counts rising together during one room's fan-out is the room's delivery using every writer.
     */
    public <T> void writerFrames(int writer, T state, ToDoubleFunction<T> frames) {
        FunctionCounter.builder("chat.ws.writer.frames", state, frames).tag("writer", Integer.toString(writer))
                .description("frames given to one writer thread for the sessions it owns").register(meters);
    }

    public <T> void writerTurnsCut(int writer, T state, ToDoubleFunction<T> turns) {
        FunctionCounter.builder("chat.ws.writer.turns.cut", state, turns).tag("writer", Integer.toString(writer))
                .description("turns in which one writer thread left a session's frames for its next turn: the "
                        + "session's socket took them slower than chat.ws.writer-turn allows (a slow reader)")
                .register(meters);
    }

    void rateLimited(Endpoint endpoint) {
        rateLimited.get(endpoint).increment();
    }

    void readPaused(Endpoint endpoint) {
        readsPaused.get(endpoint).increment();
    }

    void slowConsumer() {
        slowConsumers.increment();
    }

    public void recordStore(long nanos) {
        store.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void sendUnavailable() {
        sendsUnavailable.increment();
    }

    public void recordFanOut(long nanos) {
        fanOut.record(nanos, TimeUnit.NANOSECONDS);
    }
}
