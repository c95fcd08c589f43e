package io.chatplatform.bench.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** Turns microsecond histograms into {@link RunResult.Latency} summaries. */
public final class Latencies {

    private static final double MICROS_PER_MS = 1_000.0;

    private Latencies() {
    }

    public static RunResult.Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new RunResult.Latency(0, 0, 0, 0, 0, 0, 0, List.of());
        }
        List<double[]> curve = new ArrayList<>();
        for (HistogramIterationValue value : micros.percentiles(5)) {
            double percentile = value.getPercentileLevelIteratedTo();
            if (percentile > 99.9999) {
                break;
            }
            curve.add(new double[] {percentile, ms(value.getValueIteratedTo())});
        }
        curve.add(new double[] {100.0, ms(micros.getMaxValue())});
        return new RunResult.Latency(micros.getTotalCount(), round(micros.getMean() / MICROS_PER_MS),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()), curve);
    }

    /** A one-line "p50 .. p99 .. max" for progress lines. */
    public static String brief(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return "p50 -      p99 -      max -     ";
        }
        return String.format("p50 %-6s p99 %-6s max %-6s", fmt(micros.getValueAtPercentile(50)),
                fmt(micros.getValueAtPercentile(99)), fmt(micros.getMaxValue()));
    }

    private static String fmt(long micros) {
        double ms = micros / MICROS_PER_MS;
        return ms < 10 ? String.format("%.2fms", ms) : ms < 1000 ? String.format("%.0fms", ms)
                : String.format("%.1fs", ms / 1000);
    }

    private static double ms(long micros) {
        return round(micros / MICROS_PER_MS);
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
