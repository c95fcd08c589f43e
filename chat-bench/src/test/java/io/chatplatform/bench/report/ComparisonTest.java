package io.chatplatform.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.bench.stats.Accounting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

    private static RunResult fanout(String label, String startedAt, double deliveriesPerSec) {
        RunResult.Latency latency = new RunResult.Latency(10, 1, 1, 2, 3, 4, 5, List.of());
        return new RunResult("fanout", label, "http://x", startedAt, Map.of(),
                new RunResult.Connect(10, 10, 0, 1, 10),
                new RunResult.Traffic(20, 100, 5, 100, 5, 100_000, deliveriesPerSec, 0, 0, 0, -1),
                Map.of("endToEnd", latency, "ack", latency, "connect", latency),
                new Accounting(100, 100, 0, 1000, 1000, 0, 0, 0, 0, 0, 0), null, Map.of(), Map.of(), Map.of(),
                new RunResult.Server(1, 2, 3, 4, -1, -1, 1, 1, "test"), new RunResult.Generator(1, 0, 0, 2), List.of());
    }
}
