package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatHandler;
import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.ServerFrame;
import io.chatplatform.bench.report.Latencies;
import io.chatplatform.bench.report.RunResult;
import io.chatplatform.bench.stats.ServerProbe;
import io.chatplatform.bench.stats.Tally;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Authenticated handshakes per second: {@code connections} users each open a socket with their token and wait for
 * READY, with {@code --connect-concurrency} handshakes in flight. READY is the "connected" signal on this server
 * and on the Node baseline alike (both send it once the token is accepted), so the one scenario measures both.
 * The rate is READYs over the time from the first connect to the last READY; the latency is connect to READY.
 */
public final class Handshakes implements ChatHandler {

    /**
     * @param closeOnReady close every socket as soon as it is READY (the target then holds few sockets at once and
     *                     the run measures the handshake alone); otherwise all stay open until the end, as after a
     *                     node restart when every client comes back
     */
    public record Plan(int connections, boolean closeOnReady) {
    }

    private final RunContext ctx;
    private final Plan plan;
    private final Tally closeCodes = new Tally();
    private final Tally errorCodes = new Tally();
    private volatile boolean closing;

    public Handshakes(RunContext ctx, Plan plan) {
        this.ctx = ctx;
        this.plan = plan;
    }

    public RunResult run() throws Exception {
        String startedAt = Instant.now().toString();
        List<ChatSession> sessions = new ArrayList<>(plan.connections());
        for (int i = 0; i < plan.connections(); i++) {
            String user = ctx.runId() + "-h" + i;
            sessions.add(new ChatSession(i, user, ctx.tokens().mint(user), this));
        }
        ServerProbe.Reading before = ctx.probe().read(false);
        double generatorCpu = GeneratorMeter.cpuSeconds();
        long gcMillis = GeneratorMeter.gcMillis();
        ctx.progress().note(String.format("connect: %,d authenticated handshakes to %s, %d in flight%s",
                plan.connections(), ctx.target().baseUrl(), ctx.connectConcurrency(),
                plan.closeOnReady() ? ", each closed on READY" : ", all kept open"));
        Connector connector = new Connector();
        RunResult.Connect connect = connector.connectAll(ctx, sessions,
                plan.closeOnReady() ? ChatSession::close : session -> { });
        ServerProbe.Reading after = ctx.probe().read(false);
        RunResult.Generator generator = new RunResult.Generator(
                Connector.round(GeneratorMeter.cpuSeconds() - generatorCpu), GeneratorMeter.gcMillis() - gcMillis,
                ctx.client().failures(), ctx.ioThreads());
        closeAll(sessions);
        double serverCpu = before.cpuSeconds() < 0 || after.cpuSeconds() < 0 ? -1
                : Connector.round(after.cpuSeconds() - before.cpuSeconds());
        return result(startedAt, connect, connector, before, after, serverCpu, generator);
    }

    @Override
    public void onError(ChatSession session, ServerFrame frame) {
        errorCodes.add(frame.code());
    }

    @Override
    public void onClosed(ChatSession session, int code, String reason) {
        if (!closing && !plan.closeOnReady()) {
            closeCodes.add(code + (reason == null || reason.isEmpty() ? "" : " " + reason));
        }
    }

    private void closeAll(List<ChatSession> sessions) throws InterruptedException {
        closing = true;
        ChatSession.closeAll(sessions, Duration.ofSeconds(10));
    }

    private RunResult result(String startedAt, RunResult.Connect connect, Connector connector,
            ServerProbe.Reading before, ServerProbe.Reading after, double serverCpu, RunResult.Generator generator) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("connections", plan.connections());
        params.put("concurrency", ctx.connectConcurrency());
        params.put("closeOnReady", plan.closeOnReady());
        params.put("auth", ctx.target().auth());
        Map<String, RunResult.Latency> latency = new LinkedHashMap<>();
        latency.put("connect", Latencies.of(connector.latency.total()));
        RunResult.Server server = new RunResult.Server(before.heapBytes(), after.heapBytes(), before.rssBytes(),
                after.rssBytes(), -1, -1, serverCpu, -1,
                "heap: Actuator jvm.memory.used area:heap, no forced GC; RSS: /proc/<pid>/status VmRSS; CPU from "
                        + "/proc/<pid>/stat over the whole connect phase");
        List<String> notes = new ArrayList<>();
        if (serverCpu >= 0 && connect.ready() > 0) {
            notes.add(String.format("server CPU %.2f ms per handshake", serverCpu * 1000 / connect.ready()));
        }
        return new RunResult("connect", ctx.label(), ctx.target().baseUrl().toString(), startedAt, params, connect,
                null, latency, null, null, errorCodes.snapshot(), closeCodes.snapshot(),
                connector.failures.snapshot(), server, generator, notes);
    }
}
