package io.chatplatform.bench.report;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** One number of a result, as the comparison tables show it; NaN when a result does not have it. */
record Metric(String name, ToDoubleFunction<RunResult> read) {

    double of(RunResult result) {
        try {
            double value = read.applyAsDouble(result);
            return value < 0 ? Double.NaN : value;
        } catch (NullPointerException absent) {
            return Double.NaN;
        }
    }

    static List<Metric> forScenario(String scenario) {
        if (scenario.equals("connections")) {
            return List.of(
                    new Metric("connections ready", r -> r.connect().ready()),
                    new Metric("still open after hold", r -> r.idle().stillOpen()),
                    new Metric("dropped during hold", r -> r.idle().dropped()),
                    new Metric("connect rate /s", r -> r.connect().perSecond()),
                    new Metric("heap per connection (bytes)", r -> r.server().heapPerConnectionBytes()),
                    new Metric("RSS per connection (bytes)", r -> r.server().rssPerConnectionBytes()),
                    new Metric("RSS with all connected (MB)", r -> r.server().rssAfterBytes() / 1e6),
                    new Metric("PONG p99 (ms)", r -> r.latency().get("pong").p99Ms()));
        }
        if (scenario.equals("connect")) {
            return List.of(
                    new Metric("handshakes/s", r -> r.connect().perSecond()),
                    new Metric("ready", r -> r.connect().ready()),
                    new Metric("failed", r -> r.connect().failed()),
                    new Metric("connect p50 (ms)", r -> r.latency().get("connect").p50Ms()),
                    new Metric("connect p99 (ms)", r -> r.latency().get("connect").p99Ms()),
                    new Metric("server CPU ms / handshake",
                            r -> r.server().cpuSecondsInWindow() * 1000 / r.connect().ready()));
        }
        if (scenario.equals("reconnect")) {
            return List.of(
                    new Metric("clients caught up", r -> r.recovery().caughtUp()),
                    new Metric("all caught up after drop (s)", r -> r.recovery().allCaughtUpSeconds()),
                    new Metric("all caught up after server back (s)",
                            r -> r.recovery().caughtUpAfterServerBackSeconds()),
                    new Metric("all READY after drop (s)", r -> r.recovery().allReadySeconds()),
                    new Metric("server back after drop (s)", r -> r.recovery().serverBackSeconds()),
                    new Metric("catch-up p50 (ms)", r -> r.latency().get("catchUp").p50Ms()),
                    new Metric("catch-up p99 (ms)", r -> r.latency().get("catchUp").p99Ms()),
                    new Metric("messages after drop", r -> r.recovery().messagesAfterDrop()),
                    new Metric("lost", r -> r.recovery().lost()),
                    new Metric("live duplicates", r -> r.recovery().duplicatesLive()));
        }
        return List.of(
                new Metric("deliveries/s", r -> r.traffic().deliveriesPerSec()),
                new Metric("ACKs/s", r -> r.traffic().acksPerSec()),
                new Metric("sends/s", r -> r.traffic().sendsPerSec()),
                new Metric("end-to-end p50 (ms)", r -> r.latency().get("endToEnd").p50Ms()),
                new Metric("end-to-end p99 (ms)", r -> r.latency().get("endToEnd").p99Ms()),
                new Metric("end-to-end p99.9 (ms)", r -> r.latency().get("endToEnd").p999Ms()),
                new Metric("end-to-end max (ms)", r -> r.latency().get("endToEnd").maxMs()),
                new Metric("ACK p99 (ms)", r -> r.latency().get("ack").p99Ms()),
                new Metric("missing deliveries", r -> r.accounting().deliveriesMissing()),
                new Metric("duplicates", r -> r.accounting().duplicates()),
                new Metric("unanswered SENDs", r -> r.traffic().sendsUnanswered()),
                new Metric("server CPU ms / 1k deliveries", r -> r.server().cpuMillisPerThousandDeliveries()),
                new Metric("server RSS at end (MB)", r -> r.server().rssAfterBytes() / 1e6),
                new Metric("connect rate /s", r -> r.connect().perSecond()));
    }
}
