package io.chatplatform.bench.scenario;

import io.chatplatform.bench.report.Latencies;
import io.chatplatform.bench.report.RunResult;
import io.chatplatform.bench.stats.LatencyRecorder;
import io.chatplatform.bench.stats.ServerProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Turns the catch-ups of a {@code sync} run into its {@link RunResult}. */
final class SyncResult {

    /** The room the writer left: the reference every catch-up is checked against. */
    record Room(long id, String reader, long lastSeq, long lastRev, double writeSeconds) {
    }

    private final RunContext ctx;
    private final SyncCatchUp.Plan plan;

    SyncResult(RunContext ctx, SyncCatchUp.Plan plan) {
        this.ctx = ctx;
        this.plan = plan;
    }

    RunResult build(String startedAt, RunResult.Connect connect, LatencyRecorder connectLatency,
            Map<SyncReader.Mode, List<SyncCatchUp.Measured>> measured, Map<SyncReader.Mode, List<String>> problems,
            Room room, ServerProbe.Reading before, ServerProbe.Reading after, RunResult.Generator generator,
            Map<String, Long> writerErrors) {
        Map<String, RunResult.CatchUp> catchUp = new LinkedHashMap<>();
        Map<String, RunResult.Latency> latency = new LinkedHashMap<>();
        latency.put("connect", Latencies.of(connectLatency.total()));
        double serverCpu = 0;
        List<String> notes = new ArrayList<>();
        for (SyncReader.Mode mode : SyncReader.Mode.values()) {
            List<SyncCatchUp.Measured> runs = measured.get(mode);
            RunResult.CatchUp summary = summary(runs, problems.get(mode),
                    mode == SyncReader.Mode.BY_REV ? room.lastRev() : room.lastSeq());
            catchUp.put(mode.key, summary);
            LatencyRecorder times = new LatencyRecorder();
            runs.forEach(run -> times.recordNanos(run.caught().nanos()));
            latency.put(mode.key, Latencies.of(times.total()));
            serverCpu = serverCpu < 0 || summary.serverCpuMs().size() < runs.size() ? -1
                    : serverCpu + summary.serverCpuMs().stream().mapToDouble(Double::doubleValue).sum() / 1000;
            if (runs.stream().map(run -> run.caught().bytes()).distinct().count() > 1) {
                notes.add(mode.key + ": the catch-ups differed in bytes or frames from one repeat to the next");
            }
        }
        notes.addAll(reading(catchUp.get(SyncReader.Mode.BY_REV.key), catchUp.get(SyncReader.Mode.BY_SEQ.key),
                room));

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("messages", plan.messages());
        params.put("changes", plan.changes());
        params.put("edits", plan.edits());
        params.put("renames", plan.renames());
        params.put("limit", plan.limit());
        params.put("repeats", plan.repeats());
        params.put("warmups", plan.warmups());
        params.put("window", plan.window());
        params.put("bodySize", plan.bodySize());
        params.put("roomId", room.id());
        params.put("reader", room.reader());
        params.put("lastSeq", room.lastSeq());
        params.put("lastRev", room.lastRev());
        params.put("writeSeconds", Connector.round(room.writeSeconds()));
        RunResult.Server server = new RunResult.Server(before.heapBytes(), after.heapBytes(), before.rssBytes(),
                after.rssBytes(), -1, -1, serverCpu < 0 ? -1 : Connector.round(serverCpu), -1,
                "heap: Actuator jvm.memory.used area:heap, no forced GC; RSS: /proc/<pid>/status VmRSS, before the "
                        + "first catch-up and after the last; CPU from /proc/<pid>/stat around each measured "
                        + "catch-up (10 ms ticks), summed");
        return new RunResult("sync", ctx.label(), ctx.target().baseUrl().toString(), startedAt, params, connect,
                null, latency, null, null, writerErrors, Map.of(), Map.of(), server, generator, notes, null,
                catchUp);
    }

    private RunResult.CatchUp summary(List<SyncCatchUp.Measured> runs, List<String> problems, long expected) {
        List<Double> ms = runs.stream().map(run -> Connector.round(run.caught().nanos() / 1e6)).toList();
        List<Double> cpu = runs.stream().map(SyncCatchUp.Measured::serverCpuMs).filter(c -> c >= 0)
                .map(Connector::round).toList();
        SyncReader.Catch last = runs.get(runs.size() - 1).caught();
        List<String> distinct = List.copyOf(new LinkedHashSet<>(problems));
        List<String> samples = distinct.subList(0, Math.min(5, distinct.size()));
        return new RunResult.CatchUp(runs.size(), ms, median(ms), ms.stream().mapToDouble(d -> d).min().orElse(-1),
                ms.stream().mapToDouble(d -> d).max().orElse(-1), last.syncs(), last.entries(), last.messages(),
                last.bytes(), cpu, cpu.isEmpty() ? -1 : median(cpu), last.reached(), expected, problems.size(),
                List.copyOf(samples));
    }

    /** The lines that say what the two numbers mean side by side. */
    private static List<String> reading(RunResult.CatchUp byRev, RunResult.CatchUp bySeq, Room room) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("by rev replays %,d changes of the room's %,d (%,d messages as they are now, %,d "
                + "edits and renames; %,d left out because their message came in the same page) in %,d SYNCs; by seq "
                + "reads %,d messages as they are now in %,d SYNCs: from 0 they show the edits too, but not the "
                + "renames, and a reader that had seen some messages gets none of the later edits of those",
                byRev.entries(), room.lastRev(), byRev.messages(), byRev.entries() - byRev.messages(),
                room.lastRev() - byRev.entries(), byRev.syncs(), bySeq.entries(), bySeq.syncs()));
        if (bySeq.medianMs() > 0 && bySeq.bytes() > 0) {
            lines.add(String.format("by rev / by seq: time %.2fx, SYNC round trips %.2fx, bytes %.2fx%s",
                    byRev.medianMs() / bySeq.medianMs(), (double) byRev.syncs() / bySeq.syncs(),
                    (double) byRev.bytes() / bySeq.bytes(), byRev.serverCpuMedianMs() > 0
                            && bySeq.serverCpuMedianMs() > 0 ? String.format(", server CPU %.2fx",
                            byRev.serverCpuMedianMs() / bySeq.serverCpuMedianMs()) : ""));
        }
        return lines;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? -1 : n % 2 == 1 ? sorted.get(n / 2) : Connector.round((sorted.get(n / 2 - 1)
                + sorted.get(n / 2)) / 2);
    }
}
