package io.chatplatform.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.bench.report.Latencies;
import io.chatplatform.bench.report.RunResult;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentilesComeOutInMillisecondsAndIntervalsAddUpToTheTotal() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 1; i <= 1000; i++) {
            recorder.recordNanos(TimeUnit.MICROSECONDS.toNanos(i * 10L)); // 0.01 .. 10 ms
        }
        assertThat(recorder.interval().getTotalCount()).isEqualTo(1000);
        recorder.recordNanos(TimeUnit.MILLISECONDS.toNanos(250));

        RunResult.Latency latency = Latencies.of(recorder.total());

        assertThat(latency.count()).isEqualTo(1001);
        assertThat(latency.p50Ms()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.02));
        assertThat(latency.p99Ms()).isCloseTo(9.9, org.assertj.core.data.Offset.offset(0.02));
        assertThat(latency.maxMs()).isCloseTo(250.0, org.assertj.core.data.Offset.offset(0.2));
        assertThat(latency.curve()).isNotEmpty();
        assertThat(latency.curve().get(latency.curve().size() - 1)[0]).isEqualTo(100.0);
    }

    @Test
    void negativeLatenciesFromClockQuirksAreRecordedAsZero() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.recordNanos(-5_000);

        assertThat(recorder.total().getMaxValue()).isZero();
    }
}
