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
        Server server, Generator generator, List<String> notes, Recovery recovery, Map<String, CatchUp> catchUp,
        Crowd crowd, Routing routing) {

    /** A result without a {@link Routing} (every scenario but {@code cluster-routing}). */
    public RunResult(String scenario, String label, String target, String startedAt, Map<String, Object> params,
            Connect connect, Traffic traffic, Map<String, Latency> latency, Accounting accounting, Idle idle,
            Map<String, Long> errorFrames, Map<String, Long> closeCodes, Map<String, Long> connectFailures,
            Server server, Generator generator, List<String> notes, Recovery recovery, Map<String, CatchUp> catchUp,
            Crowd crowd) {
        this(scenario, label, target, startedAt, params, connect, traffic, latency, accounting, idle, errorFrames,
                closeCodes, connectFailures, server, generator, notes, recovery, catchUp, crowd, null);
    }

    /** A result without a {@link Crowd} (every scenario but {@code crowd}). */
    public RunResult(String scenario, String label, String target, String startedAt, Map<String, Object> params,
            Connect connect, Traffic traffic, Map<String, Latency> latency, Accounting accounting, Idle idle,
            Map<String, Long> errorFrames, Map<String, Long> closeCodes, Map<String, Long> connectFailures,
            Server server, Generator generator, List<String> notes, Recovery recovery, Map<String, CatchUp> catchUp) {
        this(scenario, label, target, startedAt, params, connect, traffic, latency, accounting, idle, errorFrames,
                closeCodes, connectFailures, server, generator, notes, recovery, catchUp, null);
    }

    /** A result without a {@link CatchUp} (every scenario but {@code sync}). */
    public RunResult(String scenario, String label, String target, String startedAt, Map<String, Object> params,
            Connect connect, Traffic traffic, Map<String, Latency> latency, Accounting accounting, Idle idle,
            Map<String, Long> errorFrames, Map<String, Long> closeCodes, Map<String, Long> connectFailures,
            Server server, Generator generator, List<String> notes, Recovery recovery) {
        this(scenario, label, target, startedAt, params, connect, traffic, latency, accounting, idle, errorFrames,
                closeCodes, connectFailures, server, generator, notes, recovery, null, null);
    }

    /** A result without a {@link Recovery} (every scenario but {@code reconnect}). */
    public RunResult(String scenario, String label, String target, String startedAt, Map<String, Object> params,
            Connect connect, Traffic traffic, Map<String, Latency> latency, Accounting accounting, Idle idle,
            Map<String, Long> errorFrames, Map<String, Long> closeCodes, Map<String, Long> connectFailures,
            Server server, Generator generator, List<String> notes) {
        this(scenario, label, target, startedAt, params, connect, traffic, latency, accounting, idle, errorFrames,
                closeCodes, connectFailures, server, generator, notes, null, null, null);
    }

    /** This result with the {@code cluster-routing} section. */
    public RunResult withRouting(Routing routing) {
        return new RunResult(scenario, label, target, startedAt, params, connect, traffic, latency, accounting, idle,
                errorFrames, closeCodes, connectFailures, server, generator, notes, recovery, catchUp, crowd, routing);
    }

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

    /**
     * The {@code reconnect} scenario: clients dropped by a restart, back, and caught up. Times are seconds from the
     * drop (the first socket closed after the restart command started); -1 when it never happened.
     *
     * @param dropped                clients whose socket closed after the restart command started
     * @param reconnected            of them, READY again
     * @param caughtUp               clients holding every seq of their room, 1..last, after reconnecting
     * @param messagesBeforeDrop     stored messages posted before the restart command started
     * @param messagesAfterDrop      stored messages posted after it (while clients were reconnecting)
     * @param serverBackSeconds      to the first READY after the drop
     * @param allReadySeconds        to the last client READY again
     * @param allCaughtUpSeconds     to the last client caught up: the scenario's headline
     * @param lost                   seqs missing at the end on clients that are back (READY): real loss, must be 0
     * @param missingNotBack         seqs missing at the end on clients that never got back (not READY when the run
     *                               ended): not loss, they SYNC once back; but a run that ends with some did not
     *                               finish. 0 in results written before this field existed
     * @param duplicatesLive         live MESSAGE frames of a seq the session already held from a live frame (a
     *                               server fault)
     * @param duplicatesSynced       seqs received both live and in a SYNC page (expected: they race; dropped)
     * @param seqConflicts           seqs seen with two different clientMsgIds
     * @param sendsLostUnstored      SENDs whose socket dropped before the ACK and that nobody ever received: not
     *                               stored (a real client resends these from its outbox)
     * @param attempts               clients by the number of connect attempts they made after the drop
     * @param restartSeconds         how long the restart command ran; {@code restartExitCode} its exit status
     */
    public record Recovery(int clients, int rooms, int dropped, int reconnected, int caughtUp,
            long messagesBeforeDrop, long messagesAfterDrop, double serverBackSeconds, double allReadySeconds,
            double allCaughtUpSeconds, long lost, long missingNotBack, long duplicatesLive, long duplicatesSynced,
            long seqConflicts, long syncs, long historyPages, long sendsLostUnstored, Map<String, Long> attempts,
            double restartSeconds, int restartExitCode) {

        /** From the first READY after the drop to the last client caught up: the server's part, without its start. */
        public double caughtUpAfterServerBackSeconds() {
            return allCaughtUpSeconds < 0 || serverBackSeconds < 0 ? -1
                    : Math.round((allCaughtUpSeconds - serverBackSeconds) * 100) / 100.0;
        }
    }

    /**
     * The {@code sync} scenario: one reader that has seen nothing catches up with a room, page by page, in one way
     * (by rev: CHANGES; by seq: HISTORY). Times are from the first SYNC to the last page ({@code hasMore} false),
     * parsing and checking included, once per measured repeat.
     *
     * @param roundsMs       wall time of each measured repeat, in order
     * @param syncs          SYNC round trips of one catch-up (the same in every repeat: the room does not change)
     * @param entries        frames inside the pages of one catch-up (CHANGES entries, or HISTORY messages)
     * @param messages       of them, MESSAGE entries
     * @param bytes          WebSocket payload bytes of the pages of one catch-up (JSON text, framing excluded)
     * @param serverCpuMs    server CPU time of each measured repeat (empty without {@code --server-pid})
     * @param reached        the rev (by rev) or seq (by seq) the last page left the reader at
     * @param expected       the room's lastRev (by rev) or lastSeq (by seq) from {@code GET /api/rooms/{id}}
     * @param problems       correctness checks that failed, summed over every catch-up (warm-up included); 0 to pass
     */
    public record CatchUp(int repeats, List<Double> roundsMs, double medianMs, double minMs, double maxMs,
            long syncs, long entries, long messages, long bytes, List<Double> serverCpuMs, double serverCpuMedianMs,
            long reached, long expected, long problems, List<String> problemSamples) {
    }

    /**
     * The {@code crowd} scenario: walkers report positions, groups of them cross zone thresholds in cycles, ADMIN
     * sessions on every node receive the alerts. An alert (or clear) is expected once per crossing per ADMIN
     * session; {@code missed} and {@code duplicated} count the differences (both must be 0).
     *
     * @param updatesSent        LOCATIONs written in the measured window; {@code updatesPerSec} their rate
     * @param updatesRefused     LOCATIONs not written because the socket had closed (whole run)
     * @param crossings          threshold crossings upward the walkers made (each should raise one CROWD_ALERT)
     * @param clearCrossings     falls to the clearing line (each should raise one CROWD_CLEARED)
     * @param alertsExpected     crossings times ADMIN sessions; {@code alertsReceived} the CROWD_ALERT frames
     * @param countMismatches    zones whose {@code GET /api/crowd/zones/{id}} count differs from the walkers' at the
     *                           end
     * @param redisCpuSeconds    Redis used_cpu_sys + used_cpu_user over the measured window (-1 without
     *                           {@code --redis-url}); {@code redisMemory*Bytes} used_memory before and after
     */
    public record Crowd(int walkers, int nodes, int admins, int zones, int threshold, long updatesSent,
            double updatesPerSec, long updatesRefused, double pacerMaxLagMs, long crossings, long clearCrossings,
            long alertsExpected, long alertsReceived, long alertsMissed, long alertsDuplicated, long clearsExpected,
            long clearsReceived, long clearsMissed, long clearsDuplicated, int countMismatches,
            double redisCpuSeconds, long redisMemoryBeforeBytes, long redisMemoryAfterBytes) {

        public boolean clean() {
            return alertsMissed == 0 && alertsDuplicated == 0 && clearsMissed == 0 && clearsDuplicated == 0
                    && countMismatches == 0;
        }
    }

    /**
     * The {@code cluster-routing} scenario: how much of the cluster's Redis pub/sub traffic each node hears, against
     * what its sessions need. Counts are over the measurement window, from each node's Actuator.
     *
     * @param localRooms  rooms whose members all sit on one node (spread round-robin over the nodes)
     * @param spreadRooms rooms with members on every node
     * @param sends       SENDs written in the window, all rooms
     * @param published   {@code chat.cluster.bus.published}, summed over the nodes: what all of them put on Redis
     */
    public record Routing(int localRooms, int spreadRooms, double seconds, long sends, long published,
            double publishedPerSec, List<NodeShare> nodes) {

        /** The worst node's received share over its expected share; the target is at most 1.2. */
        public double maxRatio() {
            return nodes.stream().mapToDouble(NodeShare::ratio).max().orElse(-1);
        }
    }

    /**
     * One node of a {@code cluster-routing} run.
     *
     * @param rooms         rooms with at least one member connected here: its local rooms and the spread ones
     * @param received      {@code chat.cluster.bus.received} in the window: every message heard, its own included
     * @param published     {@code chat.cluster.bus.published} in the window
     * @param share         received / the cluster's published
     * @param expectedShare the SENDs into {@code rooms} / all SENDs: what the node's sessions need
     * @param ratio         share / expectedShare
     */
    public record NodeShare(String url, int localRooms, int rooms, long received, double receivedPerSec,
            long published, double share, double expectedShare, double ratio) {
    }
}
