package io.chatplatform.bench.scenario;

import io.chatplatform.bench.report.Latencies;
import io.chatplatform.bench.report.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the timeline of a message scenario: warm-up, measurement window, drain. Rates are counter differences
 * between the two window edges divided by the time actually between them.
 */
final class TrafficDriver {

    /** Counters at one instant. */
    private record Snapshot(long nanos, long sent, long acked, long delivered, double serverCpu, double generatorCpu,
            long gcMillis) {
    }

    /**
     * Told when the measurement window opens and when it closes, on the driver's thread, with the SENDs written so far
     * per room index: a scenario reads its own counters at the same instants.
     */
    interface WindowListener {

        WindowListener NONE = (closing, sentByRoom) -> { };

        void atEdge(boolean closing, long[] sentByRoom);
    }

    record Outcome(RunResult.Traffic traffic, double serverCpuSeconds, RunResult.Generator generator,
            List<String> notes) {
    }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RunContext ctx;
    private final MessagePlan plan;
    private final MessageTraffic traffic;
    private final WindowListener listener;
    private final AtomicLong pacerMaxLag = new AtomicLong();
    private final List<String> notes = new ArrayList<>();
    private Snapshot lastTick;

    TrafficDriver(RunContext ctx, MessagePlan plan, MessageTraffic traffic, WindowListener listener) {
        this.ctx = ctx;
        this.plan = plan;
        this.traffic = traffic;
        this.listener = listener;
    }

    Outcome drive(List<Sender> senders, boolean[] ready) throws InterruptedException {
        long t0 = System.nanoTime();
        traffic.window.start = t0 + plan.warmup().toNanos();
        traffic.window.end = traffic.window.start + plan.duration().toNanos();
        traffic.sendUntil = traffic.window.end;
        lastTick = snapshot();
        Thread pacer = null;
        if (plan.openLoop()) {
            pacer = new Thread(() -> pace(senders, t0), "pacer");
            pacer.setDaemon(true);
            pacer.start();
        } else {
            for (Sender sender : senders) {
                if (ready[sender.session.index()]) {
                    for (int i = 0; i < plan.window(); i++) {
                        traffic.send(sender, System.nanoTime());
                    }
                }
            }
        }
        Snapshot start = null;
        long nextTick = t0 + SECOND;
        while (true) {
            long now = System.nanoTime();
            if (start == null && now >= traffic.window.start) {
                start = snapshot();
                listener.atEdge(false, sentByRoom());
            }
            if (now >= traffic.window.end) {
                break;
            }
            if (now >= nextTick) {
                tick(start == null ? "warmup" : "measure");
                nextTick += SECOND;
            }
            Progress.sleepUntil(Math.min(nextTick, start == null ? traffic.window.start : traffic.window.end));
        }
        Snapshot end = snapshot();
        listener.atEdge(true, sentByRoom());
        if (pacer != null) {
            pacer.join(5_000);
        }
        drain();
        return outcome(start, end);
    }

    /** Open loop: message k is due at t0 + k / rate, from the k-th sender in round-robin over rooms and members. */
    private void pace(List<Sender> senders, long t0) {
        int rooms = plan.rooms();
        int members = plan.members();
        Sender[] bySlot = new Sender[senders.size()];
        for (int slot = 0; slot < bySlot.length; slot++) {
            bySlot[slot] = senders.get((slot % rooms) * members + (slot / rooms) % members);
        }
        double interval = 1e9 / plan.rate();
        long k = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= traffic.sendUntil) {
                return;
            }
            long due = (long) ((now - t0) / interval) + 1;
            for (; k < due; k++) {
                long scheduled = t0 + (long) (k * interval);
                if (scheduled >= traffic.sendUntil) {
                    return;
                }
                traffic.send(bySlot[(int) (k % bySlot.length)], scheduled);
                long lag = System.nanoTime() - scheduled;
                if (lag > pacerMaxLag.get() && traffic.window.contains(scheduled)) {
                    pacerMaxLag.set(lag);
                }
            }
            LockSupport.parkNanos(Math.max(10_000, t0 + (long) (k * interval) - System.nanoTime()));
        }
    }

    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + plan.drain().toNanos();
        long nextTick = System.nanoTime() + SECOND;
        while (System.nanoTime() < deadline) {
            long unanswered = unanswered();
            long owed = traffic.ledger.expectedFromAcks() - traffic.ledger.uniqueDeliveries();
            if (unanswered <= 0 && owed <= 0) {
                return;
            }
            if (System.nanoTime() >= nextTick) {
                ctx.progress().line("drain", String.format("%,d SENDs unanswered, %,d deliveries owed", unanswered,
                        owed));
                nextTick += SECOND;
            }
            Thread.sleep(50);
        }
        notes.add("drain timed out after " + plan.drain().toSeconds() + " s");
    }

    private long unanswered() {
        return traffic.sent.sum() - traffic.acked.sum() - traffic.sendErrors.sum();
    }

    private void tick(String phase) {
        Snapshot now = snapshot();
        double seconds = (now.nanos - lastTick.nanos) / 1e9;
        String line = String.format("send %,8.0f/s  ack %,8.0f/s  deliver %,10.0f/s  e2e %s  inflight %,d  err %d"
                        + "  closed %d", (now.sent - lastTick.sent) / seconds, (now.acked - lastTick.acked) / seconds,
                (now.delivered - lastTick.delivered) / seconds, Latencies.brief(traffic.live.interval()),
                unanswered(), traffic.errorCodes.total(), traffic.closedDuringTraffic.sum());
        lastTick = now;
        ctx.progress().line(phase, line);
    }

    private long[] sentByRoom() {
        long[] counts = new long[traffic.sentByRoom.length()];
        for (int room = 0; room < counts.length; room++) {
            counts[room] = traffic.sentByRoom.get(room);
        }
        return counts;
    }

    private Snapshot snapshot() {
        return new Snapshot(System.nanoTime(), traffic.sent.sum(), traffic.acked.sum(), traffic.delivered.sum(),
                ctx.probe().cpuSeconds(), GeneratorMeter.cpuSeconds(), GeneratorMeter.gcMillis());
    }

    private Outcome outcome(Snapshot start, Snapshot end) {
        double seconds = (end.nanos - start.nanos) / 1e9;
        long sends = end.sent - start.sent;
        long acks = end.acked - start.acked;
        long deliveries = end.delivered - start.delivered;
        RunResult.Traffic summary = new RunResult.Traffic(Connector.round(seconds), sends,
                Connector.round(sends / seconds), acks, Connector.round(acks / seconds), deliveries,
                Connector.round(deliveries / seconds), traffic.refused.sum(), traffic.sendErrors.sum(),
                Math.max(0, unanswered()), plan.openLoop() ? Connector.round(pacerMaxLag.get() / 1e6) : -1);
        double serverCpu = start.serverCpu < 0 || end.serverCpu < 0 ? -1
                : Connector.round(end.serverCpu - start.serverCpu);
        RunResult.Generator generator = new RunResult.Generator(
                Connector.round(end.generatorCpu - start.generatorCpu), end.gcMillis - start.gcMillis,
                ctx.client().failures(), ctx.ioThreads());
        return new Outcome(summary, serverCpu, generator, notes);
    }
}
