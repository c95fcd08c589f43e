package io.chatplatform.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.bench.stats.Accounting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {

    @Test
    void ratiosAreServerOverBaselineOfTheMediansAndTargetsUseTheLatestRound() {
        List<RunResult> runs = List.of(
                fanout("baseline", "2026-01-01T00:00:01Z", 100_000),
                fanout("server", "2026-01-01T00:00:02Z", 50_000),
                fanout("baseline", "2026-01-01T00:00:03Z", 120_000),
                fanout("server", "2026-01-01T00:00:04Z", 130_000));

        String markdown = new Comparison(runs, "baseline", "server").markdown();

        assertThat(markdown).contains("| deliveries/s | **110,000** (100,000, 120,000) | **90,000** (50,000, 130,000) "
                + "| 0.82 | 1.08 |");
        assertThat(markdown).contains("MET    deliveries/s ratio >= 1.0: 1.08");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Comparison.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Comparison.median(new double[] {Double.NaN, 5})).isEqualTo(5);
    }


    @Test
    void eachRatioIsTakenAgainstTheBaselineThatIsBetterForThatMetric() {
        List<RunResult> runs = List.of(
                fanout("node", "2026-01-01T00:00:01Z", 130_000, 9.0),
                fanout("notes", "2026-01-01T00:00:02Z", 195_000, 12.0),
                fanout("server", "2026-01-01T00:00:03Z", 97_500, 10.8));

        String markdown = new Comparison(runs, "server", List.of("node", "notes"), Comparison.Store.H2).markdown();

        assertThat(markdown).contains("### fanout (1 server / 1 node / 1 notes rounds)");
        assertThat(markdown).contains("| metric | node (rounds) | notes (rounds) | server (rounds) | ratio of medians "
                + "| ratio, latest round |");
        assertThat(markdown).contains("| deliveries/s | 130,000 | 195,000 | 97,500 | 0.50 vs notes | 0.50 vs notes |");
        assertThat(markdown).contains("| server CPU ms / 1k deliveries | 9.00 | 12.00 | 10.80 | 1.20 vs node "
                + "| 1.20 vs node |");
    }

    @Test
    void fanoutTargetsSetThroughputAgainstTheBetterBaselineAndCpuAgainstTheFirst() {
        List<RunResult> runs = List.of(
                fanout("node", "2026-01-01T00:00:01Z", 130_000, 9.0),
                fanout("notes", "2026-01-01T00:00:02Z", 195_000, 12.0),
                fanout("server", "2026-01-01T00:00:03Z", 150_000, 8.5));

        String markdown = new Comparison(runs, "server", List.of("node", "notes"), Comparison.Store.H2).markdown();

        assertThat(markdown).contains("MISSED deliveries/s ratio >= 1.0: 0.77 (150,000 vs 195,000 of notes, the better "
                + "baseline)");
        assertThat(markdown).contains("MET    server CPU per 1,000 deliveries <= node's: 8.50 ms vs 9.00 ms");
    }

    @Test
    void theNodeClientsRunsAreSetAgainstChatBenchsRunsOfTheSameTarget() {
        List<RunResult> runs = List.of(
                fanout("server", "2026-01-01T00:00:01Z", 100_000, 10),
                fanout("node", "2026-01-01T00:00:02Z", 130_000, 9),
                fanout("server+nodeclient", "2026-01-01T00:00:03Z", 95_000, 10),
                fanout("server", "2026-01-01T00:00:04Z", 110_000, 10),
                fanout("server+nodeclient", "2026-01-01T00:00:05Z", 105_000, 10));

        String markdown = new Comparison(runs, "server", List.of("node", "notes"), Comparison.Store.H2).markdown();

        assertThat(markdown).contains("| node (rounds) | notes (rounds) | server (rounds) | server+nodeclient (rounds) |");
        assertThat(markdown).contains("| deliveries/s | 130,000 | - | **105,000** (100,000, 110,000) "
                + "| **100,000** (95,000, 105,000) | 0.81 vs node | 0.85 vs node |");
        assertThat(markdown).contains("Cross-check, Node client / chat-bench").contains("    server: deliveries/s 0.95;");
        assertThat(markdown).doesNotContain("    node: deliveries/s");
    }

    @Test
    void theNodeClientsReconnectIsSetAgainstChatBenchsByHowLongTheClientsTookToComeBack() {
        List<RunResult> runs = List.of(reconnect("server", 20, 29, 30), reconnect("server+nodeclient", 22, 33, 34));

        String markdown = new Comparison(runs, "server", List.of("node"), Comparison.Store.H2).markdown();

        assertThat(markdown).contains("    server: all caught up after server back (s) 1.20; all READY after drop (s) "
                + "1.14\n");
    }

    @Test
    void roomsLatencyTargetFollowsTheServersStore() {
        List<RunResult> runs = List.of(rooms("server", 15), rooms("node", 4));

        assertThat(new Comparison(runs, "server", List.of("node"), Comparison.Store.H2).markdown())
                .contains("MET    end-to-end p99 <= 20 ms on H2: 15 ms");
        assertThat(new Comparison(runs, "server", List.of("node"), Comparison.Store.POSTGRESQL).markdown())
                .contains("MISSED end-to-end p99 <= 10 ms on POSTGRESQL: 15 ms");
    }

    @Test
    void connectsPerSecondAreSetAgainstTheReferenceBaseline() {
        List<RunResult> runs = List.of(connect("node", 5_400), connect("notes", 9_000), connect("server", 4_400));

        String markdown = new Comparison(runs, "server", List.of("node", "notes"), Comparison.Store.H2).markdown();

        assertThat(markdown).contains("MET    connects/s >= 0.8x node's: 0.81x (4,400/s vs 5,400/s)");
        assertThat(markdown).contains("| connect rate /s | 5,400 | 9,000 | 4,400 | 0.49 vs notes | 0.49 vs notes |");
    }

    @Test
    void readsResultsWrittenBeforeTwoBaselinesAndTheNodeClientsResults(@TempDir Path dir) throws IOException {
        Path old = dir.resolve("fanout-baseline-1.json");
        ResultFiles.write(fanout("baseline", "2026-01-01T00:00:01Z", 120_000, 9), old);
        Path fromNode = dir.resolve("fanout-server+nodeclient-1.json");
        Files.writeString(fromNode, """
                {"scenario":"fanout","label":"server+nodeclient","target":"http://127.0.0.1:1",
                 "startedAt":"2026-01-01T00:00:02Z","client":"node-ws 8.23.0","params":{"members":1000},
                 "connect":{"attempted":1000,"ready":1000,"failed":0,"seconds":2,"perSecond":500},
                 "traffic":{"seconds":20,"sends":2000,"sendsPerSec":100,"acks":2000,"acksPerSec":100,
                   "deliveries":2000000,"deliveriesPerSec":100000,"sendsRefused":0,"sendErrors":0,
                   "sendsUnanswered":0,"pacerMaxLagMs":-1},
                 "latency":{"endToEnd":{"count":5,"meanMs":1,"p50Ms":1,"p90Ms":2,"p99Ms":3,"p999Ms":4,"maxMs":5,
                   "curve":[]}},
                 "accounting":{"messagesKnown":1,"deliveriesExpected":1000,"deliveriesMissing":0,"outOfOrder":7},
                 "idle":null,"errorFrames":{},"closeCodes":{},"connectFailures":{},"notes":[]}
                """);

        RunResult node = ResultFiles.read(fromNode);
        String markdown = new Comparison(List.of(ResultFiles.read(old), node), "baseline", "server").markdown();

        assertThat(node.accounting().outOfOrder()).isEqualTo(7);
        assertThat(markdown).contains("| deliveries/s | 120,000 | - | 100,000 | - | - |");
    }

    private static RunResult fanout(String label, String startedAt, double deliveriesPerSec) {
        return fanout(label, startedAt, deliveriesPerSec, 1);
    }

    private static RunResult fanout(String label, String startedAt, double deliveriesPerSec, double cpuPerThousand) {
        RunResult.Latency latency = new RunResult.Latency(10, 1, 1, 2, 3, 4, 5, List.of());
        return new RunResult("fanout", label, "http://x", startedAt, Map.of(),
                new RunResult.Connect(10, 10, 0, 1, 10),
                new RunResult.Traffic(20, 100, 5, 100, 5, 100_000, deliveriesPerSec, 0, 0, 0, -1),
                Map.of("endToEnd", latency, "ack", latency, "connect", latency),
                new Accounting(100, 100, 0, 1000, 1000, 0, 0, 0, 0, 0, 0), null, Map.of(), Map.of(), Map.of(),
                new RunResult.Server(1, 2, 3, 4, -1, -1, 1, cpuPerThousand, "test"), new RunResult.Generator(1, 0, 0, 2),
                List.of());
    }

    private static RunResult rooms(String label, double p99Ms) {
        RunResult.Latency latency = new RunResult.Latency(10, 1, 1, 2, p99Ms, p99Ms, p99Ms, List.of());
        return new RunResult("rooms", label, "http://x", "2026-01-01T00:00:0" + (label.length() % 10) + "Z", Map.of(),
                new RunResult.Connect(10, 10, 0, 1, 10),
                new RunResult.Traffic(20, 100, 5, 100, 5, 1000, 50, 0, 0, 0, -1),
                Map.of("endToEnd", latency, "ack", latency, "connect", latency),
                new Accounting(100, 100, 0, 1000, 1000, 0, 0, 0, 0, 0, 0), null, Map.of(), Map.of(), Map.of(),
                new RunResult.Server(1, 2, 3, 4, -1, -1, 1, 1, "test"), new RunResult.Generator(1, 0, 0, 2),
                List.of());
    }

    private static RunResult reconnect(String label, double serverBack, double allReady, double allCaughtUp) {
        RunResult.Latency latency = new RunResult.Latency(100, 1, 1, 2, 3, 4, 5, List.of());
        return new RunResult("reconnect", label, "http://x", "2026-01-01T00:00:0" + (label.length() % 10) + "Z",
                Map.of(), new RunResult.Connect(100, 100, 0, 1, 100), null,
                Map.of("connect", latency, "reconnect", latency, "catchUp", latency, "ackAfterRestart", latency), null,
                null, Map.of(), Map.of("1001", 100L), Map.of(), new RunResult.Server(-1, -1, -1, -1, -1, -1, -1, -1,
                "test"), new RunResult.Generator(1, 0, 0, 1), List.of(),
                new RunResult.Recovery(100, 10, 100, 100, 100, 50, 40, serverBack, allReady, allCaughtUp, 0, 0, 0, 3, 0,
                        110, 120, 0, Map.of("2", 100L), serverBack, 0));
    }

    private static RunResult connect(String label, double perSecond) {
        RunResult.Latency latency = new RunResult.Latency(10, 1, 1, 2, 3, 4, 5, List.of());
        return new RunResult("connect", label, "http://x", "2026-01-01T00:00:0" + (label.length() % 10) + "Z",
                Map.of(), new RunResult.Connect(10_000, 10_000, 0, 10_000 / perSecond, perSecond), null,
                Map.of("connect", latency), null, null, Map.of(), Map.of(), Map.of(),
                new RunResult.Server(1, 2, 3, 4, -1, -1, 1, -1, "test"), new RunResult.Generator(1, 0, 0, 2),
                List.of());
    }
}
