package io.chatplatform.bench.report;

import java.util.ArrayList;
import java.util.List;

/** The targets of issue #7, checked against the latest server run (and the latest baseline run for ratios). */
final class Targets {

    static final double ROOMS_P99_MS = 15;
    static final double ROOMS_P999_MS = 50;
    static final int IDLE_CONNECTIONS = 15_000;
    static final double HEAP_PER_CONNECTION_BYTES = 16 * 1024;
    static final double STORE_ACKS_PER_SEC = 10_000;
    static final double CONNECT_RATIO = 0.8;
    static final int RECONNECT_CLIENTS = 10_000;
    static final double RECONNECT_SECONDS = 10;

    private Targets() {
    }

    static List<String> check(String scenario, RunResult server, RunResult baseline) {
        List<String> lines = new ArrayList<>();
        switch (scenario) {
            case "fanout" -> {
                double ratio = baseline == null ? Double.NaN
                        : server.traffic().deliveriesPerSec() / baseline.traffic().deliveriesPerSec();
                lines.add(verdict(ratio >= 1.0, String.format("deliveries/s ratio >= 1.0: %.2f (%,.0f vs %,.0f)",
                        ratio, server.traffic().deliveriesPerSec(),
                        baseline == null ? Double.NaN : baseline.traffic().deliveriesPerSec())));
                lines.add(zeroLoss(server));
            }
            case "rooms" -> {
                RunResult.Latency e2e = server.latency().get("endToEnd");
                lines.add(verdict(e2e.p99Ms() <= ROOMS_P99_MS,
                        String.format("end-to-end p99 <= %.0f ms: %s ms", ROOMS_P99_MS, SummaryTable.num(e2e.p99Ms()))));
                lines.add(verdict(e2e.p999Ms() <= ROOMS_P999_MS, String.format("end-to-end p99.9 <= %.0f ms: %s ms",
                        ROOMS_P999_MS, SummaryTable.num(e2e.p999Ms()))));
                lines.add(zeroLoss(server));
            }
            case "store" -> {
                lines.add(verdict(server.traffic().acksPerSec() >= STORE_ACKS_PER_SEC, String.format(
                        "stored and ACKed >= %,.0f msg/s: %,.0f/s", STORE_ACKS_PER_SEC, server.traffic().acksPerSec())));
                lines.add(zeroLoss(server));
            }
            case "connections" -> {
                RunResult.Idle idle = server.idle();
                lines.add(verdict(idle.stillOpen() >= IDLE_CONNECTIONS && idle.dropped() == 0, String.format(
                        "%,d idle connections held, none dropped: %,d of %,d ready held, %,d dropped, %,d failed to "
                                + "connect", IDLE_CONNECTIONS, idle.stillOpen(), server.connect().attempted(),
                        idle.dropped(), server.connect().failed())));
                double perConnection = server.server().heapPerConnectionBytes();
                lines.add(verdict(perConnection >= 0 && perConnection <= HEAP_PER_CONNECTION_BYTES, String.format(
                        "heap per idle connection <= 16 KB: %,.0f bytes (%s)", perConnection,
                        server.server().memoryMethod())));
                if (baseline != null) {
                    lines.add(String.format("info: RSS per connection %,.0f bytes (server) vs %,.0f bytes (baseline)",
                            server.server().rssPerConnectionBytes(), baseline.server().rssPerConnectionBytes()));
                }
            }
            case "connect" -> {
                double ratio = baseline == null ? Double.NaN
                        : server.connect().perSecond() / baseline.connect().perSecond();
                lines.add(verdict(ratio >= CONNECT_RATIO, String.format("handshakes/s ratio >= %.1f: %.2f (%,.0f vs "
                        + "%,.0f/s), %,d failed", CONNECT_RATIO, ratio, server.connect().perSecond(),
                        baseline == null ? Double.NaN : baseline.connect().perSecond(), server.connect().failed())));
            }
            case "reconnect" -> {
                // measured from the first READY after the drop: the process's own start time (JVM, Spring) is not
                // what the target is about, and on a loaded machine it alone can pass 10 s
                RunResult.Recovery recovery = server.recovery();
                double seconds = recovery.caughtUpAfterServerBackSeconds();
                lines.add(verdict(recovery.clients() >= RECONNECT_CLIENTS && seconds >= 0
                        && seconds <= RECONNECT_SECONDS, String.format("%,d clients caught up within %.0f s of the "
                        + "server being back: %,d of %,d in %s s (%s s from the drop)", RECONNECT_CLIENTS,
                        RECONNECT_SECONDS, recovery.caughtUp(), recovery.clients(), fmt(seconds),
                        fmt(recovery.allCaughtUpSeconds()))));
                lines.add(verdict(recovery.lost() == 0 && recovery.duplicatesLive() == 0
                        && recovery.seqConflicts() == 0, String.format("nothing lost: %,d lost, %,d live duplicates, "
                        + "%,d seq conflicts", recovery.lost(), recovery.duplicatesLive(), recovery.seqConflicts())));
            }
            default -> lines.add("no targets for scenario " + scenario);
        }
        return lines;
    }

    private static String zeroLoss(RunResult server) {
        boolean clean = server.accounting().clean() && server.traffic().sendsUnanswered() == 0;
        return verdict(clean, String.format("zero loss: %,d of %,d deliveries missing, %,d duplicates, %,d out of "
                        + "order, %,d SENDs unanswered", server.accounting().deliveriesMissing(),
                server.accounting().deliveriesExpected(), server.accounting().duplicates(),
                server.accounting().outOfOrder(), server.traffic().sendsUnanswered()));
    }

    private static String fmt(double seconds) {
        return seconds < 0 ? "n/a" : String.format("%.1f", seconds);
    }

    private static String verdict(boolean met, String text) {
        return (met ? "MET    " : "MISSED ") + text;
    }
}
