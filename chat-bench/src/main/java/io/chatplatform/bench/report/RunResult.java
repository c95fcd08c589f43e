package io.chatplatform.bench.report;

import io.chatplatform.bench.stats.Accounting;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured; written as JSON with {@code --json} and read back by {@code report}. Byte and time
 * fields are -1 when the target did not offer them.
 */
public record RunResult(String scenario, String label, String target, String startedAt, Map<String, Object> params,
        Connect connect, Traffic traffic, Map<String, Latency> latency, Accounting accounting, Idle idle,
        Map<String, Long> errorFrames, Map<String, Long> closeCodes, Map<String, Long> connectFailures,
        Server server, Generator generator, List<String> notes) {

    /** Opening sockets until READY. */
    public record Connect(int attempted, int ready, int failed, double seconds, double perSecond) {
    }

    /**
     * Message traffic in the measurement window (warm-up excluded); counts outside it are in {@link Accounting}.
     *
     * @param sendsRefused    SENDs the generator could not write because the socket had closed
     * @param sendErrors      SENDs answered with an ERROR frame (whole run)
     * @param sendsUnanswered SENDs with neither ACK nor ERROR by the end of the drain (whole run)
     * @param pacerMaxLagMs   open loop only: the most a SEND left after its scheduled time
     */
    public record Traffic(double seconds, long sends, double sendsPerSec, long acks, double acksPerSec,
            long deliveries, double deliveriesPerSec, long sendsRefused, long sendErrors, long sendsUnanswered,
            double pacerMaxLagMs) {
    }

    /** A latency distribution in milliseconds; {@code curve} holds [percentile, ms] points for charts. */
    public record Latency(long count, double meanMs, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
            double maxMs, List<double[]> curve) {
    }

    /** The idle-connections scenario: how many sockets stayed open through the hold period. */
    public record Idle(int held, int stillOpen, int dropped, long pings, long pongs, long pongsMissing,
            double holdSeconds) {
    }

    /**
     * The target process. {@code *PerConnection} are (after - before) / ready connections.
     *
     * @param memoryMethod how heap and RSS were read, so numbers from different methods are not compared blindly
     */
    public record Server(double heapBeforeBytes, double heapAfterBytes, long rssBeforeBytes, long rssAfterBytes,
            double heapPerConnectionBytes, double rssPerConnectionBytes, double cpuSecondsInWindow,
            double cpuMillisPerThousandDeliveries, String memoryMethod) {
    }

    /** The load generator itself, which shares the machine with the target. */
    public record Generator(double cpuSecondsInWindow, long gcMillis, long clientFailures, int ioThreads) {
    }
}
