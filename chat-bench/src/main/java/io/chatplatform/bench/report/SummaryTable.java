package io.chatplatform.bench.report;

import io.chatplatform.bench.stats.Accounting;
import java.io.PrintStream;
import java.util.Map;

/** The human-readable summary printed at the end of a run. */
public final class SummaryTable {

    private SummaryTable() {
    }

    public static void print(RunResult r, PrintStream out) {
        out.println();
        out.printf("== %s against %s (%s) ==%n", r.scenario(), r.target(), r.label());
        row(out, "parameters", r.params().toString());
        RunResult.Connect c = r.connect();
        row(out, "connect", String.format("%,d/%,d ready in %.1f s (%,.0f/s); %s", c.ready(), c.attempted(),
                c.seconds(), c.perSecond(), latency(r.latency().get("connect"))));
        if (r.traffic() != null) {
            RunResult.Traffic t = r.traffic();
            row(out, "traffic", String.format("%.1f s window: sends %,.0f/s  ACKs %,.0f/s  deliveries %,.0f/s",
                    t.seconds(), t.sendsPerSec(), t.acksPerSec(), t.deliveriesPerSec()));
            row(out, "end-to-end", latency(r.latency().get("endToEnd")));
            row(out, "ACK", latency(r.latency().get("ack")));
            if (t.pacerMaxLagMs() >= 0) {
                row(out, "pacer", String.format("max lag behind schedule %.2f ms", t.pacerMaxLagMs()));
            }
            Accounting a = r.accounting();
            row(out, "accounting", String.format("messages %,d (ACKed %,d, stored but not ACKed %,d); deliveries "
                            + "expected %,d, missing %,d, duplicates %,d, out of order %,d", a.messagesKnown(),
                    a.messagesAcked(), a.storedNotAcked(), a.deliveriesExpected(), a.deliveriesMissing(),
                    a.duplicates(), a.outOfOrder()));
            row(out, "SENDs", String.format("unanswered %,d, answered with ERROR %,d, refused by closed socket %,d, "
                    + "seq conflicts %,d", t.sendsUnanswered(), t.sendErrors(), t.sendsRefused(), a.seqConflicts()));
            row(out, "verdict", a.clean() && t.sendsUnanswered() == 0 ? "zero loss, no duplicates, in order"
                    : "LOSS/DUPLICATES/DISORDER (see above)");
        }
        if (r.idle() != null) {
            RunResult.Idle i = r.idle();
            row(out, "hold", String.format("%,d ready, %,d still open after %.0f s, %,d dropped; pings %,d, pongs "
                    + "%,d, missing %,d", i.held(), i.stillOpen(), i.holdSeconds(), i.dropped(), i.pings(), i.pongs(),
                    i.pongsMissing()));
            row(out, "PONG", latency(r.latency().get("pong")));
        }
        if (r.recovery() != null) {
            recovery(r, out);
        }
        if (r.catchUp() != null) {
            r.catchUp().forEach((way, catchUp) -> catchUp(out, way, catchUp));
        }
        if (r.crowd() != null) {
            crowd(r, out);
        }
        if (r.routing() != null) {
            routing(r.routing(), out);
        }
        row(out, "errors", "ERROR frames " + tally(r.errorFrames()) + "; closes " + tally(r.closeCodes())
                + "; connect failures " + tally(r.connectFailures()));
        RunResult.Server s = r.server();
        row(out, "server heap", String.format("%s -> %s%s", mb(s.heapBeforeBytes()), mb(s.heapAfterBytes()),
                s.heapPerConnectionBytes() >= 0 && r.idle() != null
                        ? String.format(" = %,.0f bytes per connection", s.heapPerConnectionBytes()) : ""));
        row(out, "server RSS", String.format("%s -> %s%s", mb(s.rssBeforeBytes()), mb(s.rssAfterBytes()),
                s.rssPerConnectionBytes() >= 0 && r.idle() != null
                        ? String.format(" = %,.0f bytes per connection", s.rssPerConnectionBytes()) : ""));
        if (s.cpuSecondsInWindow() >= 0) {
            row(out, "server CPU", String.format("%.1f s in the window%s", s.cpuSecondsInWindow(),
                    s.cpuMillisPerThousandDeliveries() >= 0
                            ? String.format(" (%.2f ms per 1,000 deliveries)", s.cpuMillisPerThousandDeliveries())
                            : ""));
        }
        row(out, "memory method", s.memoryMethod());
        RunResult.Generator g = r.generator();
        row(out, "generator", String.format("CPU %.1f s in the window, GC %,d ms, client failures %d, %d I/O threads",
                g.cpuSecondsInWindow(), g.gcMillis(), g.clientFailures(), g.ioThreads()));
        for (String note : r.notes()) {
            row(out, "note", note);
        }
        out.flush();
    }

    private static void recovery(RunResult r, PrintStream out) {
        RunResult.Recovery v = r.recovery();
        row(out, "restart", String.format("command ran %.1f s, exit %d; %,d of %,d clients dropped, %,d back, "
                + "%,d caught up", v.restartSeconds(), v.restartExitCode(), v.dropped(), v.clients(), v.reconnected(),
                v.caughtUp()));
        row(out, "recovery", String.format("from the drop: server back (first READY) %s s, all READY %s s, "
                + "ALL CAUGHT UP %s s (%s s after the server was back)", secs(v.serverBackSeconds()),
                secs(v.allReadySeconds()), secs(v.allCaughtUpSeconds()), secs(v.caughtUpAfterServerBackSeconds())));
        row(out, "reconnect", latency(r.latency().get("reconnect")));
        row(out, "catch-up", latency(r.latency().get("catchUp")));
        if (r.latency().get("ackAfterRestart") != null) { // absent from reports written before it was measured
            row(out, "ACK", latency(r.latency().get("ackAfterRestart"))
                    + "  (SENDs posted from the restart on, by members back)");
        }
        if (r.latency().get("syncAfterRestart") != null) {
            row(out, "SYNC", latency(r.latency().get("syncAfterRestart")) + "  (SYNC sent to HISTORY received, "
                    + "each page from the restart on)");
        }
        row(out, "messages", String.format("%,d rooms; stored %,d before the restart command, %,d after it; "
                + "%,d SYNCs, %,d HISTORY pages", v.rooms(), v.messagesBeforeDrop(), v.messagesAfterDrop(),
                v.syncs(), v.historyPages()));
        row(out, "accounting", String.format("lost %,d (by clients back), missing on clients not back %,d, live "
                + "duplicates %,d, live/SYNC overlaps %,d (dropped, expected), seq conflicts %,d; SENDs cut off by the "
                + "drop and never stored %,d", v.lost(), v.missingNotBack(), v.duplicatesLive(), v.duplicatesSynced(),
                v.seqConflicts(), v.sendsLostUnstored()));
        row(out, "attempts", "clients by connect attempts after the drop " + tally(v.attempts()));
        row(out, "verdict", v.lost() == 0 && v.duplicatesLive() == 0 && v.seqConflicts() == 0
                && v.caughtUp() == v.clients() ? "every client caught up, nothing lost" : "NOT ALL CAUGHT UP / LOSS");
    }

    private static void crowd(RunResult r, PrintStream out) {
        RunResult.Crowd c = r.crowd();
        row(out, "updates", String.format("%,d walkers on %d node(s): %,d LOCATIONs in the window, %,.0f/s; "
                + "refused by closed sockets %,d; pacer max lag %.1f ms", c.walkers(), c.nodes(), c.updatesSent(),
                c.updatesPerSec(), c.updatesRefused(), c.pacerMaxLagMs()));
        row(out, "alert", latency(r.latency().get("alert")));
        row(out, "clear", latency(r.latency().get("clear")));
        row(out, "alerts", String.format("%,d crossings x %d ADMIN sessions: expected %,d, received %,d, missed %,d, "
                + "duplicated %,d", c.crossings(), c.admins(), c.alertsExpected(), c.alertsReceived(),
                c.alertsMissed(), c.alertsDuplicated()));
        row(out, "clears", String.format("%,d crossings x %d ADMIN sessions: expected %,d, received %,d, missed %,d, "
                + "duplicated %,d", c.clearCrossings(), c.admins(), c.clearsExpected(), c.clearsReceived(),
                c.clearsMissed(), c.clearsDuplicated()));
        row(out, "redis", c.redisCpuSeconds() < 0 ? "not read (no --redis-url)" : String.format("CPU %.2f s in the "
                + "window (%.0f %% of a core); used_memory %s -> %s", c.redisCpuSeconds(), 100 * c.redisCpuSeconds()
                / Math.max(1e-9, r.crowd().updatesPerSec() > 0 ? c.updatesSent() / c.updatesPerSec() : 1),
                mb(c.redisMemoryBeforeBytes()), mb(c.redisMemoryAfterBytes())));
        row(out, "verdict", (c.clean() ? "one alert and one clear per crossing per ADMIN session, counts match"
                : "MISSED/DUPLICATED FRAMES or COUNT MISMATCH (" + c.countMismatches() + " zones)")
                + String.format("; alert p99 %s ms (target <= 1,000)", num(r.latency().get("alert").p99Ms())));
    }

    private static void routing(RunResult.Routing g, PrintStream out) {
        row(out, "redis bus", String.format("%d node(s), %d local + %d spread rooms: %,d SENDs, %,d published in "
                + "%.1f s (%,.0f/s)", g.nodes().size(), g.localRooms(), g.spreadRooms(), g.sends(), g.published(),
                g.seconds(), g.publishedPerSec()));
        for (int i = 0; i < g.nodes().size(); i++) {
            RunResult.NodeShare n = g.nodes().get(i);
            row(out, "node " + (i + 1), String.format("received %,.0f/s = %.1f %% of published; expected %.1f %% "
                    + "(%d rooms: %d local + %d spread) -> %.2fx; %s", n.receivedPerSec(), 100 * n.share(),
                    100 * n.expectedShare(), n.rooms(), n.localRooms(), n.rooms() - n.localRooms(), n.ratio(),
                    n.url()));
        }
        row(out, "verdict", String.format("received / expected share at most %.2fx (target <= 1.2): %s",
                g.maxRatio(), g.maxRatio() >= 0 && g.maxRatio() <= 1.2 ? "met" : "MISSED"));
    }

    private static void catchUp(PrintStream out, String way, RunResult.CatchUp c) {
        row(out, way, String.format("median %s ms (min %s, max %s; rounds %s), %,d SYNCs, %,d entries (%,d "
                + "messages), %,d bytes%s", num(c.medianMs()), num(c.minMs()), num(c.maxMs()), c.roundsMs(),
                c.syncs(), c.entries(), c.messages(), c.bytes(), c.serverCpuMedianMs() < 0 ? ""
                        : String.format(", server CPU median %s ms %s", num(c.serverCpuMedianMs()), c.serverCpuMs())));
        row(out, "", String.format("reached %,d of %,d; %s", c.reached(), c.expected(), c.problems() == 0
                ? "every check passed" : "CHECKS FAILED " + c.problems() + " times: " + c.problemSamples()));
    }

    private static String secs(double seconds) {
        return seconds < 0 ? "n/a" : String.format("%.2f", seconds);
    }

    static String latency(RunResult.Latency l) {
        if (l == null || l.count() == 0) {
            return "no samples";
        }
        return String.format("p50 %s  p90 %s  p99 %s  p99.9 %s  max %s ms  (n=%,d)", num(l.p50Ms()), num(l.p90Ms()),
                num(l.p99Ms()), num(l.p999Ms()), num(l.maxMs()), l.count());
    }

    static String num(double ms) {
        return ms < 10 ? String.format("%.2f", ms) : String.format("%,.0f", ms);
    }

    static String mb(double bytes) {
        return bytes < 0 ? "n/a" : String.format("%,.1f MB", bytes / 1e6);
    }

    private static String tally(Map<String, Long> counts) {
        return counts == null || counts.isEmpty() ? "none" : counts.toString();
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf("  %-14s %s%n", name, value);
    }
}
