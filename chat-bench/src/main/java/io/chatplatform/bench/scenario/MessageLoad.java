package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatHandler;
import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.Target;
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
import java.util.function.IntFunction;

/**
 * Rooms of members, one socket per member: connect everyone, create the rooms over REST, send (closed loop with a
 * window per sender, or open loop at a fixed rate), measure after a warm-up, then drain and account for every
 * expected delivery. {@code fanout}, {@code rooms} and {@code store} are plans of this one scenario; so is
 * {@code cluster-routing} ({@link ClusterRouting}), whose sessions connect to several nodes.
 */
public final class MessageLoad {

    private final RunContext ctx;
    private final MessagePlan plan;
    private final IntFunction<Target> targetOfSession;
    private final TrafficDriver.WindowListener windowListener;
    private final HandlerSwitch handlers = new HandlerSwitch();
    private final Tally closeCodes = new Tally();

    public MessageLoad(RunContext ctx, MessagePlan plan) {
        this(ctx, plan, session -> ctx.target(), TrafficDriver.WindowListener.NONE);
    }

    /**
     * @param targetOfSession where each session connects, by its index ({@code room * members + member})
     * @param windowListener  told when the measurement window opens and closes
     */
    MessageLoad(RunContext ctx, MessagePlan plan, IntFunction<Target> targetOfSession,
            TrafficDriver.WindowListener windowListener) {
        this.ctx = ctx;
        this.plan = plan;
        this.targetOfSession = targetOfSession;
        this.windowListener = windowListener;
    }

    public RunResult run() throws Exception {
        String startedAt = Instant.now().toString();
        int total = plan.rooms() * plan.members();
        int[] roomOfSession = new int[total];
        List<ChatSession> sessions = new ArrayList<>(total);
        for (int r = 0; r < plan.rooms(); r++) {
            for (int m = 0; m < plan.members(); m++) {
                int index = r * plan.members() + m;
                roomOfSession[index] = r;
                String user = ctx.runId() + "-r" + r + "-m" + m;
                sessions.add(new ChatSession(index, user, ctx.tokens().mint(user), handlers));
            }
        }
        handlers.set(new ChatHandler() {
            @Override
            public void onClosed(ChatSession session, int code, String reason) {
                closeCodes.add(code + " " + reason);
            }
        });
        ServerProbe.Reading before = ctx.probe().read(false);
        ctx.progress().note(String.format("%s: connecting %,d sessions to %s", plan.scenario(), total,
                ctx.target().baseUrl()));
        Connector connector = new Connector();
        RunResult.Connect connect = connector.connectAll(ctx, sessions, session -> { },
                session -> targetOfSession.apply(session.index()));
        if (connect.ready() == 0) {
            throw new IllegalStateException("no session became ready: " + connector.failures.snapshot());
        }
        long[] roomIds = RoomSetup.create(ctx, sessions, plan.rooms(), plan.members());
        Sender[] senderOfSession = new Sender[total];
        List<Sender> senders = new ArrayList<>();
        int sendersPerRoom = plan.openLoop() ? plan.members() : plan.sendersPerRoom();
        for (int r = 0; r < plan.rooms(); r++) {
            for (int m = 0; m < sendersPerRoom; m++) {
                int index = r * plan.members() + m;
                Sender sender = new Sender(sessions.get(index), senders.size(), r, roomIds[r], ctx.runId(),
                        plan.bodySize());
                senderOfSession[index] = sender;
                senders.add(sender);
            }
        }
        MessageTraffic traffic = new MessageTraffic(roomOfSession, roomIds, senderOfSession, !plan.openLoop(),
                closeCodes);
        boolean[] ready = new boolean[total];
        connector.ready().forEach(session -> ready[session.index()] = true);
        for (int i = 0; i < total; i++) {
            if (!ready[i]) {
                traffic.ledger.exclude(i);
            }
        }
        handlers.set(traffic);
        TrafficDriver.Outcome outcome = new TrafficDriver(ctx, plan, traffic, windowListener).drive(senders, ready);
        ServerProbe.Reading after = ctx.probe().read(false);
        closeAll(sessions);
        return result(startedAt, connect, connector, traffic, outcome, before, after);
    }

    private void closeAll(List<ChatSession> sessions) throws InterruptedException {
        handlers.set(new ChatHandler() { });
        ChatSession.closeAll(sessions, Duration.ofSeconds(5));
    }

    private RunResult result(String startedAt, RunResult.Connect connect, Connector connector,
            MessageTraffic traffic, TrafficDriver.Outcome outcome, ServerProbe.Reading before,
            ServerProbe.Reading after) {
        Map<String, RunResult.Latency> latency = new LinkedHashMap<>();
        latency.put("endToEnd", Latencies.of(traffic.endToEnd.total()));
        latency.put("ack", Latencies.of(traffic.ackLatency.total()));
        latency.put("connect", Latencies.of(connector.latency.total()));
        double deliveries = outcome.traffic().deliveries();
        double serverCpu = outcome.serverCpuSeconds();
        RunResult.Server server = new RunResult.Server(before.heapBytes(), after.heapBytes(), before.rssBytes(),
                after.rssBytes(), perConnection(before.heapBytes(), after.heapBytes(), connect.ready()),
                perConnection(before.rssBytes(), after.rssBytes(), connect.ready()), serverCpu,
                serverCpu < 0 || deliveries == 0 ? -1 : Connector.round(serverCpu * 1000 / (deliveries / 1000)),
                "heap: Actuator jvm.memory.used area:heap, no forced GC; RSS: /proc/<pid>/status VmRSS");
        List<String> notes = new ArrayList<>(outcome.notes());
        if (traffic.unexpected.sum() > 0) {
            notes.add(traffic.unexpected.sum() + " MESSAGE/ACK frames for rooms or ids this run did not send");
        }
        return new RunResult(plan.scenario(), ctx.label(), ctx.target().baseUrl().toString(), startedAt,
                plan.describe(), connect, outcome.traffic(), latency, traffic.ledger.account(), null,
                traffic.errorCodes.snapshot(), closeCodes.snapshot(), connector.failures.snapshot(), server,
                outcome.generator(), notes);
    }

    static double perConnection(double before, double after, int connections) {
        if (before < 0 || after < 0 || connections == 0) {
            return -1;
        }
        return Math.round((after - before) / connections);
    }
}
