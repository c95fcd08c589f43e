package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.report.RunResult;
import io.chatplatform.bench.stats.LatencyRecorder;
import io.chatplatform.bench.stats.ServerProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * What catching up with a busy room costs, by rev against by seq. A writer gives one room {@code messages}
 * messages and {@code changes} other changes (edits of earlier messages, and {@code renames} renames); then a
 * reader that has seen nothing catches up, by rev (CHANGES: every change, messages as they are now) and by seq
 * (HISTORY: the messages as they are now, but none of the room's other changes), {@code warmups} times each
 * unmeasured and then {@code repeats} times each, the two ways taking turns. Each catch-up is checked: by rev it must
 * end at the room's lastRev, both must hold every seq once, with its latest body.
 */
public final class SyncCatchUp {

    /**
     * @param changes  changes besides the messages: {@code renames} renames, the rest edits
     * @param limit    the {@code limit} of every SYNC (the server lowers it to its page limit, 200 by default)
     * @param window   SENDs and EDITs the writer keeps unanswered
     * @param catchUpTimeout the longest one catch-up may take before the run fails
     */
    public record Plan(int messages, int changes, int renames, int limit, int repeats, int warmups, int window,
            int bodySize, Duration catchUpTimeout) {

        public Plan {
            if (messages < 1 || changes < renames || renames < 0 || limit < 1 || repeats < 1 || warmups < 0
                    || window < 1) {
                throw new IllegalArgumentException("sync: --messages, --limit, --repeats, --window must be >= 1, "
                        + "--renames >= 0 and at most --changes");
            }
            if (bodySize < 24) {
                throw new IllegalArgumentException("sync: --body-size must be at least 24 (bodies name their edit)");
            }
        }

        int edits() {
            return changes - renames;
        }
    }

    private final RunContext ctx;
    private final Plan plan;
    private long connectNanos;

    public SyncCatchUp(RunContext ctx, Plan plan) {
        this.ctx = ctx;
        this.plan = plan;
    }

    public RunResult run() throws Exception {
        String startedAt = Instant.now().toString();
        String writerId = ctx.runId() + "-writer";
        String readerId = ctx.runId() + "-reader";
        LatencyRecorder connectLatency = new LatencyRecorder();
        SyncWriter writing = new SyncWriter(ctx, plan);
        ChatSession writer = new ChatSession(0, writerId, ctx.tokens().mint(writerId), writing);
        ready(writer, connectLatency);
        long roomId = ctx.rest().createRoom(writer.token(), ctx.runId() + " sync room", List.of(readerId));
        ctx.progress().note(String.format("sync: room %d: posting %,d messages with %,d edits and %,d renames among "
                + "them, %d unanswered at most", roomId, plan.messages(), plan.edits(), plan.renames(),
                plan.window()));
        long writeStart = System.nanoTime();
        SyncWriter.Truth truth = writing.write(writer, roomId);
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        ChatSession.closeAll(List.of(writer), Duration.ofSeconds(5));

        SyncReader reading = new SyncReader(roomId, plan.limit());
        ChatSession reader = new ChatSession(1, readerId, ctx.tokens().mint(readerId), reading);
        JsonNode room = ctx.rest().room(reader.token(), roomId);
        long lastRev = room.path("lastRev").asLong(-1);
        long lastSeq = room.path("lastSeq").asLong(-1);
        ctx.progress().note(String.format("written in %.1f s: lastSeq %,d, lastRev %,d; catching up %d + %d times "
                + "each way, SYNC limit %d", writeSeconds, lastSeq, lastRev, plan.warmups(), plan.repeats(),
                plan.limit()));
        ready(reader, connectLatency);
        double handshakes = connectNanos / 1e9;
        RunResult.Connect connect = new RunResult.Connect(2, 2, 0, Connector.round(handshakes),
                Connector.round(2 / handshakes));

        Map<SyncReader.Mode, List<Measured>> measured = new EnumMap<>(SyncReader.Mode.class);
        Map<SyncReader.Mode, List<String>> problems = new EnumMap<>(SyncReader.Mode.class);
        ServerProbe.Reading before = ctx.probe().read(false);
        double generatorCpu = GeneratorMeter.cpuSeconds();
        long gcMillis = GeneratorMeter.gcMillis();
        for (int round = -plan.warmups(); round < plan.repeats(); round++) {
            for (SyncReader.Mode mode : SyncReader.Mode.values()) {
                catchUp(reading, reader, mode, round, truth, mode == SyncReader.Mode.BY_REV ? lastRev : lastSeq,
                        measured, problems);
            }
        }
        ServerProbe.Reading after = ctx.probe().read(false);
        RunResult.Generator generator = new RunResult.Generator(
                Connector.round(GeneratorMeter.cpuSeconds() - generatorCpu), GeneratorMeter.gcMillis() - gcMillis,
                ctx.client().failures(), ctx.ioThreads());
        ChatSession.closeAll(List.of(reader), Duration.ofSeconds(5));
        return new SyncResult(ctx, plan).build(startedAt, connect, connectLatency, measured, problems,
                new SyncResult.Room(roomId, readerId, lastSeq, lastRev, writeSeconds), before, after, generator,
                writing.errors());
    }

    /** One catch-up, checked; kept when {@code round} is not a warm-up (negative). */
    private void catchUp(SyncReader reading, ChatSession reader, SyncReader.Mode mode, int round,
            SyncWriter.Truth truth, long expected, Map<SyncReader.Mode, List<Measured>> measured,
            Map<SyncReader.Mode, List<String>> problems) throws Exception {
        double cpuBefore = ctx.probe().cpuSeconds();
        SyncReader.Catch caught = reading.start(reader, mode).get(plan.catchUpTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        double cpuAfter = ctx.probe().cpuSeconds();
        List<String> found = new ArrayList<>(caught.problems());
        found.addAll(reading.check(truth, expected));
        problems.computeIfAbsent(mode, m -> new ArrayList<>()).addAll(found);
        String when = round < 0 ? "warm-up" : "round " + (round + 1);
        ctx.progress().line(mode.key, String.format("%s: %,.1f ms, %d SYNCs, %,d entries, %,d bytes%s", when,
                caught.nanos() / 1e6, caught.syncs(), caught.entries(), caught.bytes(),
                found.isEmpty() ? "" : ", PROBLEMS " + found));
        if (round >= 0) {
            double cpuMs = cpuBefore < 0 || cpuAfter < 0 ? -1 : (cpuAfter - cpuBefore) * 1000;
            measured.computeIfAbsent(mode, m -> new ArrayList<>()).add(new Measured(caught, cpuMs));
        }
    }

    /** One measured catch-up and the server CPU it cost (-1 without --server-pid). */
    record Measured(SyncReader.Catch caught, double serverCpuMs) {
    }

    private void ready(ChatSession session, LatencyRecorder latency) throws Exception {
        long began = System.nanoTime();
        session.connect(ctx.client(), ctx.target()).get(ctx.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        long took = System.nanoTime() - began;
        latency.recordNanos(took);
        connectNanos += took;
    }
}
