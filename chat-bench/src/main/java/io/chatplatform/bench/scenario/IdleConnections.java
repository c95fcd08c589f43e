package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatHandler;
import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.ClientFrames;
import io.chatplatform.bench.chat.ServerFrame;
import io.chatplatform.bench.report.Latencies;
import io.chatplatform.bench.report.RunResult;
import io.chatplatform.bench.stats.LatencyRecorder;
import io.chatplatform.bench.stats.ServerProbe;
import io.chatplatform.bench.stats.Tally;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many authenticated sockets that do nothing but PING now and then. Measures how fast they open, whether the target
 * keeps every one of them for the hold period, and what each costs the target: heap (Actuator, after a forced full
 * GC when the target is a local JVM) and RSS, read before connecting and again after a settle period.
 */
public final class IdleConnections implements ChatHandler {

    /**
     * @param settle       wait after the last READY before reading memory (lets buffers and GC settle)
     * @param pingInterval how often each connection PINGs during the hold (spread evenly over the interval)
     */
    public record Plan(int connections, Duration hold, Duration settle, Duration pingInterval) {
    }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RunContext ctx;
    private final Plan plan;
    private final LatencyRecorder pongLatency = new LatencyRecorder();
    private final LatencyRecorder livePong = new LatencyRecorder();
    private final AtomicLongArray pingSentAt;
    private final LongAdder pings = new LongAdder();
    private final LongAdder pongs = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Tally closeCodes = new Tally();
    private final Tally errorCodes = new Tally();
    private volatile boolean closing;

    public IdleConnections(RunContext ctx, Plan plan) {
        this.ctx = ctx;
        this.plan = plan;
        this.pingSentAt = new AtomicLongArray(plan.connections());
    }

    public RunResult run() throws Exception {
        String startedAt = Instant.now().toString();
        List<ChatSession> sessions = new ArrayList<>(plan.connections());
        for (int i = 0; i < plan.connections(); i++) {
            String user = ctx.runId() + "-c" + i;
            sessions.add(new ChatSession(i, user, ctx.tokens().mint(user), this));
        }
        ServerProbe.Reading before = ctx.probe().read(true);
        ctx.progress().note(String.format("connections: opening %,d sockets to %s", plan.connections(),
                ctx.target().baseUrl()));
        Connector connector = new Connector();
        RunResult.Connect connect = connector.connectAll(ctx, sessions);
        ctx.progress().note(String.format("%,d ready in %.1f s (%,.0f/s); settling %d s before reading memory",
                connect.ready(), connect.seconds(), connect.perSecond(), plan.settle().toSeconds()));
        Progress.sleepUntil(System.nanoTime() + plan.settle().toNanos());
        ServerProbe.Reading after = ctx.probe().read(true);
        List<ChatSession> ready = connector.ready();
        double generatorCpu = GeneratorMeter.cpuSeconds();
        long gcMillis = GeneratorMeter.gcMillis();
        double serverCpu = ctx.probe().cpuSeconds();
        long holdStart = System.nanoTime();
        hold(ready);
        double holdSeconds = (System.nanoTime() - holdStart) / 1e9;
        double serverCpuAfter = ctx.probe().cpuSeconds();
        int stillOpen = (int) ready.stream().filter(ChatSession::isOpen).count();
        ServerProbe.Reading end = ctx.probe().read(false);
        RunResult.Generator generator = new RunResult.Generator(
                Connector.round(GeneratorMeter.cpuSeconds() - generatorCpu), GeneratorMeter.gcMillis() - gcMillis,
                ctx.client().failures(), ctx.ioThreads());
        closeAll(sessions);
        return result(startedAt, connect, connector, before, after, end, stillOpen, holdSeconds,
                serverCpu < 0 ? -1 : Connector.round(serverCpuAfter - serverCpu), generator);
    }

    private void hold(List<ChatSession> ready) {
        int n = ready.size();
        long start = System.nanoTime();
        long end = start + plan.hold().toNanos();
        long tick = TimeUnit.MILLISECONDS.toNanos(100);
        double perTick = n == 0 ? 0 : (double) n * tick / plan.pingInterval().toNanos();
        double credit = 0;
        int cursor = 0;
        long nextLine = start + SECOND;
        long lastPongs = 0;
        while (System.nanoTime() < end) {
            credit += perTick;
            for (; credit >= 1 && n > 0; credit--) {
                ChatSession session = ready.get(cursor);
                cursor = (cursor + 1) % n;
                if (session.isOpen() && pingSentAt.compareAndSet(session.index(), 0, System.nanoTime())) {
                    if (session.send(ClientFrames.ping())) {
                        pings.increment();
                    } else {
                        pingSentAt.set(session.index(), 0);
                    }
                }
            }
            if (System.nanoTime() >= nextLine) {
                long nowPongs = pongs.sum();
                ctx.progress().line("hold", String.format("open %,d  dropped %,d  pongs %,d/s  pong %s",
                        ready.stream().filter(ChatSession::isOpen).count(), dropped.sum(), nowPongs - lastPongs,
                        Latencies.brief(livePong.interval())));
                lastPongs = nowPongs;
                nextLine += SECOND;
            }
            Progress.sleepUntil(Math.min(end, System.nanoTime() + tick));
        }
        long grace = System.nanoTime() + 2 * SECOND;
        while (pongs.sum() < pings.sum() && System.nanoTime() < grace) {
            Progress.sleepUntil(System.nanoTime() + tick);
        }
    }

    @Override
    public void onPong(ChatSession session, long receivedNanos) {
        long sent = pingSentAt.getAndSet(session.index(), 0);
        if (sent != 0) {
            pongs.increment();
            pongLatency.recordNanos(receivedNanos - sent);
            livePong.recordNanos(receivedNanos - sent);
        }
    }

    @Override
    public void onError(ChatSession session, ServerFrame frame) {
        errorCodes.add(frame.code());
    }

    @Override
    public void onClosed(ChatSession session, int code, String reason) {
        if (!closing) {
            closeCodes.add(code + (reason == null || reason.isEmpty() ? "" : " " + reason));
            dropped.increment();
        }
    }

    private void closeAll(List<ChatSession> sessions) throws InterruptedException {
        closing = true;
        ChatSession.closeAll(sessions, Duration.ofSeconds(10));
    }

    private RunResult result(String startedAt, RunResult.Connect connect, Connector connector,
            ServerProbe.Reading before, ServerProbe.Reading after, ServerProbe.Reading end, int stillOpen,
            double holdSeconds, double serverCpu, RunResult.Generator generator) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("connections", plan.connections());
        params.put("holdSeconds", plan.hold().toMillis() / 1000.0);
        params.put("settleSeconds", plan.settle().toMillis() / 1000.0);
        params.put("pingIntervalSeconds", plan.pingInterval().toMillis() / 1000.0);
        Map<String, RunResult.Latency> latency = new LinkedHashMap<>();
        latency.put("connect", Latencies.of(connector.latency.total()));
        latency.put("pong", Latencies.of(pongLatency.total()));
        boolean gc = before.gcForced() && after.gcForced();
        String method = (gc ? "heap: Actuator jvm.memory.used area:heap right after jcmd GC.run (full GC), "
                : "heap: Actuator jvm.memory.used area:heap after the settle period, no forced GC (includes garbage), ")
                + "read before connecting and " + plan.settle().toSeconds() + " s after the last READY; "
                + "RSS: /proc/<pid>/status VmRSS at the same moments";
        RunResult.Server server = new RunResult.Server(before.heapBytes(), after.heapBytes(), before.rssBytes(),
                after.rssBytes(), MessageLoad.perConnection(before.heapBytes(), after.heapBytes(), connect.ready()),
                MessageLoad.perConnection(before.rssBytes(), after.rssBytes(), connect.ready()), serverCpu, -1,
                method);
        List<String> notes = new ArrayList<>();
        if (end.heapBytes() >= 0 || end.rssBytes() >= 0) {
            notes.add(String.format("end of hold, no forced GC: heap %.1f MB, RSS %.1f MB", end.heapBytes() / 1e6,
                    end.rssBytes() / 1e6));
        }
        RunResult.Idle idle = new RunResult.Idle(connect.ready(), stillOpen, (int) dropped.sum(), pings.sum(),
                pongs.sum(), pings.sum() - pongs.sum(), Connector.round(holdSeconds));
        return new RunResult("connections", ctx.label(), ctx.target().baseUrl().toString(), startedAt, params,
                connect, null, latency, null, idle, errorCodes.snapshot(), closeCodes.snapshot(),
                connector.failures.snapshot(), server, generator, notes);
    }
}
