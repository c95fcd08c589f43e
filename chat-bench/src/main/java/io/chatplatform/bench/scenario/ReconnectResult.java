package io.chatplatform.bench.scenario;

import io.chatplatform.bench.report.Latencies;
import io.chatplatform.bench.report.RunResult;
import io.chatplatform.bench.stats.LatencyRecorder;
import io.chatplatform.bench.stats.RoomLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Turns the end state of a {@code reconnect} run into its {@link RunResult}. */
final class ReconnectResult {

    private final RunContext ctx;
    private final Reconnect.Plan plan;
    private final Reconnect run;
    private final ReconnectClient[] clients;
    private final RoomLog[] logs;
    private final Poster poster;
    private final long firstTurnAfter;
    private final RestartCommand restart;

    ReconnectResult(RunContext ctx, Reconnect.Plan plan, Reconnect run, ReconnectClient[] clients, RoomLog[] logs,
            Poster poster, long firstTurnAfter, RestartCommand restart) {
        this.ctx = ctx;
        this.plan = plan;
        this.run = run;
        this.clients = clients;
        this.logs = logs;
        this.poster = poster;
        this.firstTurnAfter = firstTurnAfter;
        this.restart = restart;
    }

    RunResult build(String startedAt, RunResult.Connect connect, Connector connector) {
        long drop = run.dropNanos.get();
        LatencyRecorder reconnectLatency = new LatencyRecorder();
        LatencyRecorder catchUpLatency = new LatencyRecorder();
        Map<Integer, Long> attempts = new TreeMap<>();
        int dropped = 0;
        int reconnected = 0;
        int caughtUp = 0;
        long firstBack = Long.MAX_VALUE;
        long lastBack = Long.MIN_VALUE;
        long lastCaughtUp = Long.MIN_VALUE;
        long lost = 0;
        long missingNotBack = 0;
        for (ReconnectClient client : clients) {
            long lastSeq = logs[client.room].lastSeq();
            synchronized (client) {
                // a client not back has not SYNCed yet: what it misses is not lost, only not fetched
                if (client.isReady()) {
                    lost += client.cursor.missing(lastSeq);
                } else {
                    missingNotBack += client.cursor.missing(lastSeq);
                }
                if (client.wasDropped()) {
                    dropped++;
                    attempts.merge(client.attempts(), 1L, Long::sum);
                    long back = client.readyAfterDropNanos();
                    if (back != 0) {
                        reconnected++;
                        reconnectLatency.recordNanos(back - drop);
                        firstBack = Math.min(firstBack, back);
                        lastBack = Math.max(lastBack, back);
                    }
                }
                if (client.caughtUp(lastSeq)) {
                    caughtUp++;
                    long at = Math.max(drop, client.caughtUpNanos());
                    catchUpLatency.recordNanos(at - drop);
                    lastCaughtUp = Math.max(lastCaughtUp, at);
                }
            }
        }
        long before = 0;
        long after = 0;
        long conflicts = 0;
        Set<String> stored = new HashSet<>();
        for (RoomLog log : logs) {
            conflicts += log.conflicts();
            for (String id : log.clientMsgIds()) {
                stored.add(id);
                if (poster.turnOf(id) >= firstTurnAfter) {
                    after++;
                } else {
                    before++;
                }
            }
        }
        long unstored = poster.unanswered().filter(id -> !stored.contains(id)).count();
        boolean allBack = reconnected == dropped && dropped == clients.length;
        Map<String, Long> attemptCounts = new LinkedHashMap<>();
        attempts.forEach((n, clientsWithN) -> attemptCounts.put(Integer.toString(n), clientsWithN));
        RunResult.Recovery recovery = new RunResult.Recovery(clients.length, logs.length, dropped, reconnected,
                caughtUp, before, after, seconds(firstBack, drop), allBack ? seconds(lastBack, drop) : -1,
                caughtUp == clients.length ? seconds(lastCaughtUp, drop) : -1, lost, missingNotBack,
                run.duplicatesLive.sum(), run.duplicatesSynced.sum(), conflicts, run.syncs.sum(), run.pages.sum(),
                unstored, attemptCounts, Connector.round(restart.seconds()), restart.exit().getNow(-1));

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("clients", plan.clients());
        params.put("members", plan.members());
        params.put("rooms", plan.rooms());
        params.put("rate", plan.rate());
        params.put("beforeSeconds", plan.before().toMillis() / 1000.0);
        params.put("backoff", plan.backoff().describe());
        params.put("catchUpTimeoutSeconds", plan.catchUpTimeout().toSeconds());
        params.put("syncLimit", plan.syncLimit());
        params.put("restartCommand", plan.restartCommand());
        Map<String, RunResult.Latency> latency = new LinkedHashMap<>();
        latency.put("connect", Latencies.of(connector.latency.total()));
        latency.put("reconnect", Latencies.of(reconnectLatency.total()));
        latency.put("catchUp", Latencies.of(catchUpLatency.total()));
        latency.put("ackAfterRestart", Latencies.of(poster.ackLatency.total()));
        latency.put("syncAfterRestart", Latencies.of(run.syncLatency.total()));
        List<String> notes = new ArrayList<>();
        notes.add(String.format("drop %.2f s after the restart command started; poster: %,d turns skipped (no "
                + "member of the room READY), %,d skipped at the cap of %,d unACKed SENDs, %,d SENDs refused by a "
                + "closed socket, %,d answered with ERROR, %,d cut off unanswered by their socket's close",
                (drop - restartNanos()) / 1e9, poster.skipped.sum(), poster.capped.sum(), poster.maxInFlight(),
                poster.refused.sum(), run.sendErrors.sum(), poster.cutOff.size()));
        if (firstBack != Long.MAX_VALUE) {
            notes.add(afterBack(firstBack));
        }
        if (run.invalidSeqs.sum() > 0 || run.foreignFrames.sum() > 0) {
            notes.add(String.format("%,d frames with an invalid seq, %,d for a room this run did not make",
                    run.invalidSeqs.sum(), run.foreignFrames.sum()));
        }
        RunResult.Server server = new RunResult.Server(-1, -1, -1, -1, -1, -1, -1, -1,
                "not read: the restart replaces the target's process");
        RunResult.Generator generator = new RunResult.Generator(Connector.round(GeneratorMeter.cpuSeconds()),
                GeneratorMeter.gcMillis(), ctx.client().failures(), ctx.ioThreads());
        Map<String, Long> failures = new TreeMap<>(connector.failures.snapshot());
        run.attemptFailures.snapshot().forEach((reason, n) -> failures.merge("reconnect: " + reason, n, Long::sum));
        return new RunResult("reconnect", ctx.label(), ctx.target().baseUrl().toString(), startedAt, params, connect,
                null, latency, null, null, run.errorCodes.snapshot(), run.closeCodes.snapshot(), failures, server,
                generator, notes, recovery);
    }

    /**
     * What the clients met once the server was back: how many came back in each second from then (the server's
     * handshake rate under the storm, or the backoff's spread), and the connect attempts that failed from then on,
     * each of which sent its client to wait for another backoff.
     */
    private String afterBack(long firstBack) {
        List<Long> perSecond = new ArrayList<>();
        for (ReconnectClient client : clients) {
            long back = client.readyAfterDropNanos();
            if (back != 0) {
                int second = (int) ((back - firstBack) / 1_000_000_000L);
                while (perSecond.size() <= second) {
                    perSecond.add(0L);
                }
                perSecond.set(second, perSecond.get(second) + 1);
            }
        }
        Map<String, Long> failed = new TreeMap<>();
        for (Reconnect.Failure failure : run.failuresAfterRestart) {
            if (failure.nanos() >= firstBack) {
                failed.merge(failure.reason(), 1L, Long::sum);
            }
        }
        return String.format("from the server's first READY on: clients back per second %s; connect attempts "
                + "failed %,d %s", perSecond, failed.values().stream().mapToLong(Long::longValue).sum(), failed);
    }

    private long restartNanos() {
        return restart.startedNanos();
    }

    private static double seconds(long at, long drop) {
        return at == Long.MAX_VALUE || at == Long.MIN_VALUE || drop == 0 ? -1 : Connector.round((at - drop) / 1e9);
    }
}
