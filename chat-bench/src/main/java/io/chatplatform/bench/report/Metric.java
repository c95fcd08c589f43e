package io.chatplatform.bench.report;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One number of a result, as the comparison tables show it; NaN when a result does not have it.
 *
 * @param higherIsBetter which way "better" points, so the comparison can pick the better of several baselines
 */
record Metric(String name, ToDoubleFunction<RunResult> read, boolean higherIsBetter) {

    private static final boolean HIGHER = true;
    private static final boolean LOWER = false;

    double of(RunResult result) {
        try {
            double value = read.applyAsDouble(result);
            return value < 0 ? Double.NaN : value;
        } catch (NullPointerException absent) {
            return Double.NaN;
        }
    }

    /** Whether {@code a} is better than {@code b}; NaN is worse than any number. */
    boolean better(double a, double b) {
        if (Double.isNaN(b)) {
            return !Double.isNaN(a);
        }
        return !Double.isNaN(a) && (higherIsBetter ? a > b : a < b);
    }

    static List<Metric> forScenario(String scenario) {
        if (scenario.equals("connections")) {
            return List.of(
                    new Metric("connections ready", r -> r.connect().ready(), HIGHER),
                    new Metric("still open after hold", r -> r.idle().stillOpen(), HIGHER),
                    new Metric("dropped during hold", r -> r.idle().dropped(), LOWER),
                    new Metric("connect rate /s", r -> r.connect().perSecond(), HIGHER),
                    new Metric("heap per connection (bytes)", r -> r.server().heapPerConnectionBytes(), LOWER),
                    new Metric("RSS per connection (bytes)", r -> r.server().rssPerConnectionBytes(), LOWER),
                    new Metric("RSS with all connected (MB)", r -> r.server().rssAfterBytes() / 1e6, LOWER),
                    new Metric("PONG p99 (ms)", r -> r.latency().get("pong").p99Ms(), LOWER));
        }
        if (scenario.equals("connect")) {
            return List.of(
                    new Metric("connect rate /s", r -> r.connect().perSecond(), HIGHER),
                    new Metric("connections ready", r -> r.connect().ready(), HIGHER),
                    new Metric("failed to connect", r -> r.connect().failed(), LOWER),
                    new Metric("connect p50 (ms)", r -> r.latency().get("connect").p50Ms(), LOWER),
                    new Metric("connect p99 (ms)", r -> r.latency().get("connect").p99Ms(), LOWER),
                    new Metric("server CPU s", r -> r.server().cpuSecondsInWindow(), LOWER));
        }
        if (scenario.equals("reconnect")) {
            return List.of(
                    new Metric("clients caught up", r -> r.recovery().caughtUp(), HIGHER),
                    new Metric("all caught up after drop (s)", r -> r.recovery().allCaughtUpSeconds(), LOWER),
                    new Metric("all caught up after server back (s)",
                            r -> r.recovery().caughtUpAfterServerBackSeconds(), LOWER),
                    new Metric("all READY after drop (s)", r -> r.recovery().allReadySeconds(), LOWER),
                    new Metric("server back after drop (s)", r -> r.recovery().serverBackSeconds(), LOWER),
                    new Metric("catch-up p50 (ms)", r -> r.latency().get("catchUp").p50Ms(), LOWER),
                    new Metric("catch-up p99 (ms)", r -> r.latency().get("catchUp").p99Ms(), LOWER),
                    new Metric("messages after drop", r -> r.recovery().messagesAfterDrop(), LOWER),
                    new Metric("lost", r -> r.recovery().lost(), LOWER),
                    new Metric("live duplicates", r -> r.recovery().duplicatesLive(), LOWER));
        }
        return List.of(
                new Metric("deliveries/s", r -> r.traffic().deliveriesPerSec(), HIGHER),
                new Metric("ACKs/s", r -> r.traffic().acksPerSec(), HIGHER),
                new Metric("sends/s", r -> r.traffic().sendsPerSec(), HIGHER),
                new Metric("end-to-end p50 (ms)", r -> r.latency().get("endToEnd").p50Ms(), LOWER),
                new Metric("end-to-end p99 (ms)", r -> r.latency().get("endToEnd").p99Ms(), LOWER),
                new Metric("end-to-end p99.9 (ms)", r -> r.latency().get("endToEnd").p999Ms(), LOWER),
                new Metric("end-to-end max (ms)", r -> r.latency().get("endToEnd").maxMs(), LOWER),
                new Metric("ACK p99 (ms)", r -> r.latency().get("ack").p99Ms(), LOWER),
                new Metric("missing deliveries", r -> r.accounting().deliveriesMissing(), LOWER),
                new Metric("duplicates", r -> r.accounting().duplicates(), LOWER),
                new Metric("out of order", r -> r.accounting().outOfOrder(), LOWER),
                new Metric("unanswered SENDs", r -> r.traffic().sendsUnanswered(), LOWER),
                new Metric("server CPU ms / 1k deliveries", r -> r.server().cpuMillisPerThousandDeliveries(), LOWER),
                new Metric("server RSS at end (MB)", r -> r.server().rssAfterBytes() / 1e6, LOWER),
                new Metric("connect rate /s", r -> r.connect().perSecond(), HIGHER));
    }
}
