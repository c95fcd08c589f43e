package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatHandler;
import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.ServerFrame;
import io.chatplatform.bench.chat.Target;
import io.chatplatform.bench.report.Latencies;
import io.chatplatform.bench.report.RunResult;
import io.chatplatform.bench.stats.LatencyRecorder;
import io.chatplatform.bench.stats.RedisInfo;
import io.chatplatform.bench.stats.ServerProbe;
import io.chatplatform.bench.stats.Tally;
import io.chatplatform.bench.ws.WsFrames;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Crowd location at scale: {@code walkers} sockets on {@code /ws/crowd/location}, spread round-robin over one or
 * more nodes, each sending a {@code LOCATION} every {@code interval} (walkers / interval updates per second, paced
 * open loop). Most walkers stay outside every zone. Each zone has its own group of {@code threshold} walkers: at
 * rest {@code threshold - drop} of them are inside (the clearing line, {@code drop = max(1, ceil(threshold x
 * hysteresis))}); every {@code cycle} the group alternately moves all in (the count reaches the threshold: one
 * CROWD_ALERT expected) and {@code drop} of them out (one CROWD_CLEARED expected). The movers move at their next
 * regular report, so no walker ever reports faster than the interval.
 *
 * <p>The generator keeps the count as sent and knows which LOCATION makes it reach the threshold (or the clearing
 * line): its send time starts the alert latency, which ends when an ADMIN session's frame for that zone arrives.
 * Each ADMIN session (some on every node) must get exactly one frame per crossing: missed and duplicated frames are
 * counted. At the end the zones' counts from {@code GET /api/crowd/zones/{id}} are compared with the walkers'.
 */
public final class CrowdLoad implements ChatHandler {

    /**
     * @param urls          the nodes (walkers and ADMINs spread round-robin); empty: the context's target only
     * @param adminsPerNode ADMIN sessions on each node
     * @param cycle         time between two moves of one zone's group (must exceed the interval)
     * @param drain         after the last move has been sent: reports go on, frames are waited for
     * @param redisUrl      {@code redis://host:port} to read INFO cpu and memory from, or null
     */
    public record Plan(int walkers, List<URI> urls, Duration interval, int zones, int threshold, double hysteresis,
            int adminsPerNode, Duration warmup, Duration duration, Duration cycle, Duration drain, double radiusMeters,
            String redisUrl) {

        public Plan {
            if (threshold < 1 || zones < 1 || (long) zones * threshold > walkers) {
                throw new IllegalArgumentException("crowd: --zones x --threshold must be at most --walkers, both >= 1");
            }
            if (cycle.compareTo(interval) <= 0) {
                throw new IllegalArgumentException("crowd: --cycle must be longer than --interval");
            }
        }

        /** Walkers that leave at a clear: the server clears at {@code threshold - max(1, ceil(threshold x ratio))}. */
        int drop() {
            return Math.min(threshold, Math.max(1, (int) Math.ceil(threshold * hysteresis)));
        }
    }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(10);
    private static final byte[] ALERT = "\"CROWD_ALERT\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLEARED = "\"CROWD_CLEARED\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZONE_ID = "\"zoneId\":".getBytes(StandardCharsets.US_ASCII);
    private static final double ZONE_LAT = 10.0;
    private static final double ZONE_SPACING_DEGREES = 0.05;

    private final RunContext ctx;
    private final Plan plan;
    private final List<Target> targets = new ArrayList<>();
    private final String adminToken;
    /**
     * The zones' longitude, drawn per run (steps of 0.1 degree, about 11 km): runs at the same time on the same
     * cluster (one process holds fewer than ulimit -n sockets) must not count each other's walkers in their zones.
     */
    private final double zoneLng = -170 + ThreadLocalRandom.current().nextInt(3400) * 0.1;
    private final long[] zoneIds;
    private final Map<Long, Integer> zoneIndex = new HashMap<>();
    // the count as sent: touched by the driver thread only
    private final boolean[] sentInside;
    private final boolean[] wantInside;
    private final int[] sentCount;
    private final boolean[] alerting;
    // crossing send times (nanoTime), read by I/O threads
    private final List<List<Long>> alertAt = new ArrayList<>();
    private final List<List<Long>> clearAt = new ArrayList<>();
    private AtomicIntegerArray alertsReceived;
    private AtomicIntegerArray clearsReceived;
    private final LatencyRecorder alertLatency = new LatencyRecorder();
    private final LatencyRecorder clearLatency = new LatencyRecorder();
    private final LatencyRecorder liveAlert = new LatencyRecorder();
    private final LongAdder updatesSent = new LongAdder();
    private final LongAdder updatesRefused = new LongAdder();
    private final LongAdder unknownZoneFrames = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Tally closeCodes = new Tally();
    private final Tally errorCodes = new Tally();
    private volatile boolean closing;
    private double pacerMaxLagMs;

    public CrowdLoad(RunContext ctx, Plan plan) {
        this.ctx = ctx;
        this.plan = plan;
        for (URI url : plan.urls().isEmpty() ? List.of(ctx.target().baseUrl()) : plan.urls()) {
            targets.add(new Target(url, "/ws/crowd/location", ctx.target().auth()));
        }
        this.adminToken = ctx.tokens().mint(ctx.runId() + "-admin", "ADMIN");
        this.zoneIds = new long[plan.zones()];
        this.sentInside = new boolean[plan.walkers()];
        this.wantInside = new boolean[plan.walkers()];
        this.sentCount = new int[plan.zones()];
        this.alerting = new boolean[plan.zones()];
        for (int z = 0; z < plan.zones(); z++) {
            alertAt.add(new CopyOnWriteArrayList<>());
            clearAt.add(new CopyOnWriteArrayList<>());
            for (int m = 0; m < plan.threshold() - plan.drop(); m++) {
                wantInside[z * plan.threshold() + m] = true;
            }
        }
    }

    public RunResult run() throws Exception {
        String startedAt = Instant.now().toString();
        RedisInfo redis = plan.redisUrl() == null ? null : new RedisInfo(plan.redisUrl());
        RedisInfo.Reading redisBefore = redis == null ? null : redis.read();
        for (int z = 0; z < plan.zones(); z++) {
            zoneIds[z] = ctx.rest().createZone(adminToken, ctx.runId() + " zone " + z, zoneLat(z), zoneLng,
                    plan.radiusMeters(), plan.threshold());
            zoneIndex.put(zoneIds[z], z);
        }
        int admins = plan.adminsPerNode() * targets.size();
        alertsReceived = new AtomicIntegerArray(admins * plan.zones());
        clearsReceived = new AtomicIntegerArray(admins * plan.zones());
        List<ChatSession> adminSessions = new ArrayList<>();
        AdminHandler adminHandler = new AdminHandler();
        for (int a = 0; a < admins; a++) {
            String user = ctx.runId() + "-admin" + a;
            adminSessions.add(new ChatSession(a, user, ctx.tokens().mint(user, "ADMIN"), adminHandler));
        }
        Connector adminConnector = new Connector();
        RunResult.Connect adminConnect = adminConnector.connectAll(ctx, adminSessions, s -> { },
                s -> targets.get(s.index() % targets.size()));
        if (adminConnect.ready() < admins) {
            throw new IOException("only " + adminConnect.ready() + " of " + admins + " ADMIN sessions became READY: "
                    + adminConnector.failures.snapshot());
        }
        List<ChatSession> walkers = new ArrayList<>(plan.walkers());
        for (int i = 0; i < plan.walkers(); i++) {
            String user = ctx.runId() + "-w" + i;
            walkers.add(new ChatSession(i, user, ctx.tokens().mint(user), this));
        }
        ctx.progress().note(String.format("crowd: %d zones (threshold %d, clears at %d), %d ADMIN sessions; opening "
                        + "%,d walkers over %d node(s)", plan.zones(), plan.threshold(),
                plan.threshold() - plan.drop(), admins, plan.walkers(), targets.size()));
        Connector connector = new Connector();
        RunResult.Connect connect = connector.connectAll(ctx, walkers, s -> { },
                s -> targets.get(s.index() % targets.size()));
        ctx.progress().note(String.format("%,d ready in %.1f s (%,.0f/s); reporting every %d ms: %,.0f updates/s",
                connect.ready(), connect.seconds(), connect.perSecond(), plan.interval().toMillis(),
                plan.walkers() * 1e9 / plan.interval().toNanos()));
        Window window = drive(walkers, redis);
        RedisInfo.Reading redisEnd = redis == null ? null : redis.read();
        int mismatches = countMismatches();
        ServerProbe.Reading serverEnd = ctx.probe().read(false);
        // walkers leaving empty the zones (CROWD_CLEARED): what comes after this is not the run's
        closing = true;
        ChatSession.closeAll(adminSessions, Duration.ofSeconds(5));
        ChatSession.closeAll(walkers, Duration.ofSeconds(10));
        for (long zoneId : zoneIds) {
            try {
                ctx.rest().deleteZone(adminToken, zoneId);
            } catch (IOException e) {
                ctx.progress().note("could not delete zone " + zoneId + ": " + e.getMessage());
            }
        }
        return result(startedAt, connect, connector, window, redisBefore, redisEnd, mismatches, serverEnd, admins);
    }

    /** What the measured window (after the warm-up, until the last move) saw. */
    private record Window(double seconds, long updates, double serverCpu, double generatorCpu, long gcMillis,
            RedisInfo.Reading redisStart, RedisInfo.Reading redisEnd) {
    }

    private Window drive(List<ChatSession> walkers, RedisInfo redis) throws IOException {
        int n = walkers.size();
        long start = System.nanoTime();
        long windowStart = start + plan.warmup().toNanos();
        long windowEnd = windowStart + plan.duration().toNanos();
        long end = windowEnd + plan.interval().toNanos() + plan.drain().toNanos();
        long[] nextMove = new long[plan.zones()];
        boolean[] movedIn = new boolean[plan.zones()];
        for (int z = 0; z < plan.zones(); z++) {
            nextMove[z] = windowStart + plan.cycle().toNanos() * z / plan.zones();
        }
        double perNano = (double) n / plan.interval().toNanos();
        long due = 0;
        int cursor = 0;
        long nextLine = start + SECOND;
        long lastUpdates = 0;
        boolean inWindow = false;
        boolean windowClosed = false;
        long updatesAtStart = 0;
        double serverCpuStart = 0;
        double generatorCpuStart = 0;
        long gcStart = 0;
        RedisInfo.Reading redisStart = null;
        Window window = null;
        long scheduled = start;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (!inWindow && now >= windowStart) {
                inWindow = true;
                updatesAtStart = updatesSent.sum();
                serverCpuStart = ctx.probe().cpuSeconds();
                generatorCpuStart = GeneratorMeter.cpuSeconds();
                gcStart = GeneratorMeter.gcMillis();
                redisStart = redis == null ? null : redis.read();
                now = System.nanoTime();
            }
            if (inWindow && !windowClosed && now >= windowEnd) {
                windowClosed = true;
                double serverCpu = ctx.probe().cpuSeconds();
                window = new Window((now - windowStart) / 1e9, updatesSent.sum() - updatesAtStart,
                        serverCpuStart < 0 ? -1 : serverCpu - serverCpuStart,
                        GeneratorMeter.cpuSeconds() - generatorCpuStart, GeneratorMeter.gcMillis() - gcStart,
                        redisStart, redis == null ? null : redis.read());
                now = System.nanoTime();
            }
            for (int z = 0; z < plan.zones(); z++) {
                if (now >= nextMove[z] && now < windowEnd) {
                    movedIn[z] = !movedIn[z];
                    int base = z * plan.threshold();
                    for (int m = plan.threshold() - plan.drop(); m < plan.threshold(); m++) {
                        wantInside[base + m] = movedIn[z];
                    }
                    nextMove[z] += plan.cycle().toNanos();
                }
            }
            pacerMaxLagMs = Math.max(pacerMaxLagMs, (now - scheduled) / 1e6);
            long owed = (long) ((now - start) * perNano);
            for (; due < owed && n > 0; due++) {
                report(walkers.get(cursor));
                cursor = (cursor + 1) % n;
            }
            if (now >= nextLine) {
                long nowUpdates = updatesSent.sum();
                ctx.progress().line(inWindow ? (windowClosed ? "drain" : "run") : "warm-up", String.format(
                        "updates %,d/s  alerts %d  clears %d  alert latency %s  dropped %,d", nowUpdates - lastUpdates,
                        crossings(alertAt), crossings(clearAt), Latencies.brief(liveAlert.interval()),
                        dropped.sum()));
                lastUpdates = nowUpdates;
                nextLine += SECOND;
            }
            scheduled = Math.min(end, System.nanoTime() + TICK);
            Progress.sleepUntil(scheduled);
        }
        return window != null ? window : new Window((System.nanoTime() - windowStart) / 1e9,
                updatesSent.sum() - updatesAtStart, -1, 0, 0, redisStart, redisStart);
    }

    /** Sends one walker's position; keeps the count as sent and stamps the LOCATION that crosses a line. */
    private void report(ChatSession walker) {
        int w = walker.index();
        if (!walker.isOpen()) {
            updatesRefused.increment();
            return;
        }
        int zone = w / plan.threshold();
        boolean grouped = zone < plan.zones();
        boolean inside = grouped && wantInside[w];
        double lat;
        double lng;
        double jitter = (updatesSent.sum() % 7) * 1e-6;
        if (inside) {
            lat = zoneLat(zone) + jitter;
            lng = zoneLng + jitter;
        } else {
            lat = -30.0 - (w % 1000) * 0.01 - jitter;
            lng = -60.0 + (w / 1000) * 0.01 + jitter;
        }
        byte[] frame = WsFrames.text(String.format(Locale.ROOT, "{\"type\":\"LOCATION\",\"lat\":%.7f,\"lng\":%.7f}",
                lat, lng));
        List<Long> stamped = null;
        if (grouped && inside != sentInside[w]) {
            sentCount[zone] += inside ? 1 : -1;
            long now = System.nanoTime();
            if (!alerting[zone] && sentCount[zone] >= plan.threshold()) {
                alerting[zone] = true;
                stamped = alertAt.get(zone);
                stamped.add(now);
            } else if (alerting[zone] && sentCount[zone] <= plan.threshold() - plan.drop()) {
                alerting[zone] = false;
                stamped = clearAt.get(zone);
                stamped.add(now);
            }
        }
        if (walker.send(frame)) {
            updatesSent.increment();
            if (grouped) {
                sentInside[w] = inside;
            }
            return;
        }
        updatesRefused.increment();
        if (grouped && inside != sentInside[w]) {
            sentCount[zone] -= inside ? 1 : -1;
            if (stamped != null) {
                stamped.remove(stamped.size() - 1);
                alerting[zone] = !alerting[zone];
            }
        }
    }

    private int countMismatches() {
        int mismatches = 0;
        for (int z = 0; z < plan.zones(); z++) {
            try {
                long count = ctx.rest().zone(adminToken, zoneIds[z]).path("count").asLong(-1);
                if (count != sentCount[z]) {
                    mismatches++;
                    ctx.progress().note("zone " + zoneIds[z] + ": server counts " + count + ", walkers sent "
                            + sentCount[z]);
                }
            } catch (IOException e) {
                mismatches++;
                ctx.progress().note("zone " + zoneIds[z] + ": " + e.getMessage());
            }
        }
        return mismatches;
    }

    private static double zoneLat(int zone) {
        return ZONE_LAT + zone * ZONE_SPACING_DEGREES;
    }

    private static int crossings(List<List<Long>> times) {
        int sum = 0;
        for (List<Long> zone : times) {
            sum += zone.size();
        }
        return sum;
    }

    /** ADMIN sessions: every CROWD_ALERT / CROWD_CLEARED is matched, in order, with the crossing it answers. */
    private final class AdminHandler implements ChatHandler {

        @Override
        public boolean onFrame(ChatSession session, byte[] buffer, int offset, int length, long receivedNanos) {
            boolean alert = contains(buffer, offset, length, ALERT);
            boolean clear = !alert && contains(buffer, offset, length, CLEARED);
            if (!alert && !clear) {
                return false;
            }
            if (closing) {
                return true;
            }
            Integer zone = zoneIndex.get(zoneId(buffer, offset, length));
            if (zone == null) {
                unknownZoneFrames.increment();
                return true;
            }
            int slot = session.index() * plan.zones() + zone;
            int k = (alert ? alertsReceived : clearsReceived).getAndIncrement(slot);
            List<Long> sent = (alert ? alertAt : clearAt).get(zone);
            if (k < sent.size()) {
                long latency = receivedNanos - sent.get(k);
                (alert ? alertLatency : clearLatency).recordNanos(latency);
                if (alert) {
                    liveAlert.recordNanos(latency);
                }
            }
            return true;
        }

        @Override
        public void onError(ChatSession session, ServerFrame frame) {
            errorCodes.add("admin " + frame.code());
        }

        @Override
        public void onClosed(ChatSession session, int code, String reason) {
            if (!closing) {
                closeCodes.add("admin " + code + (reason == null || reason.isEmpty() ? "" : " " + reason));
            }
        }
    }

    static boolean contains(byte[] buffer, int offset, int length, byte[] needle) {
        return indexOf(buffer, offset, length, needle) >= 0;
    }

    private static int indexOf(byte[] buffer, int offset, int length, byte[] needle) {
        outer:
        for (int i = offset; i <= offset + length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static long zoneId(byte[] buffer, int offset, int length) {
        int at = indexOf(buffer, offset, length, ZONE_ID);
        if (at < 0) {
            return -1;
        }
        long id = 0;
        boolean digits = false;
        for (int i = at + ZONE_ID.length; i < offset + length; i++) {
            byte b = buffer[i];
            if (b == ' ' && !digits) {
                continue;
            }
            if (b < '0' || b > '9') {
                break;
            }
            id = id * 10 + (b - '0');
            digits = true;
        }
        return digits ? id : -1;
    }

    @Override
    public void onError(ChatSession session, ServerFrame frame) {
        errorCodes.add(frame.code());
    }

    @Override
    public void onClosed(ChatSession session, int code, String reason) {
        if (!closing) {
            closeCodes.add(code + (reason == null || reason.isEmpty() ? "" : " " + reason));
            dropped.increment();
        }
    }

    private RunResult result(String startedAt, RunResult.Connect connect, Connector connector, Window window,
            RedisInfo.Reading redisBefore, RedisInfo.Reading redisEnd, int mismatches, ServerProbe.Reading serverEnd,
            int admins) {
        long alerts = crossings(alertAt);
        long clears = crossings(clearAt);
        long[] alertCounts = missedAndDuplicated(alertAt, alertsReceived, admins);
        long[] clearCounts = missedAndDuplicated(clearAt, clearsReceived, admins);
        double redisCpu = window.redisStart() == null || window.redisEnd() == null ? -1
                : Connector.round(window.redisEnd().cpuSeconds() - window.redisStart().cpuSeconds());
        RunResult.Crowd crowd = new RunResult.Crowd(plan.walkers(), targets.size(), admins, plan.zones(),
                plan.threshold(), window.updates(), Connector.round(window.updates() / Math.max(1e-9,
                window.seconds())), updatesRefused.sum(), Connector.round(pacerMaxLagMs), alerts, clears,
                alerts * admins, alertCounts[2], alertCounts[0], alertCounts[1], clears * admins, clearCounts[2],
                clearCounts[0], clearCounts[1], mismatches, redisCpu,
                redisBefore == null ? -1 : redisBefore.usedMemoryBytes(),
                redisEnd == null ? -1 : redisEnd.usedMemoryBytes());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("walkers", plan.walkers());
        params.put("nodes", targets.size());
        params.put("intervalSeconds", plan.interval().toMillis() / 1000.0);
        params.put("zones", plan.zones());
        params.put("threshold", plan.threshold());
        params.put("clearsAt", plan.threshold() - plan.drop());
        params.put("adminsPerNode", plan.adminsPerNode());
        params.put("cycleSeconds", plan.cycle().toMillis() / 1000.0);
        params.put("warmupSeconds", plan.warmup().toMillis() / 1000.0);
        params.put("durationSeconds", plan.duration().toMillis() / 1000.0);
        params.put("drainSeconds", plan.drain().toMillis() / 1000.0);
        Map<String, RunResult.Latency> latency = new LinkedHashMap<>();
        latency.put("connect", Latencies.of(connector.latency.total()));
        latency.put("alert", Latencies.of(alertLatency.total()));
        latency.put("clear", Latencies.of(clearLatency.total()));
        RunResult.Server server = new RunResult.Server(-1, serverEnd.heapBytes(), -1, serverEnd.rssBytes(), -1, -1,
                window.serverCpu() < 0 ? -1 : Connector.round(window.serverCpu()), -1,
                "heap and RSS of the first node (or --server-pid) at the end of the run, no forced GC");
        RunResult.Generator generator = new RunResult.Generator(Connector.round(window.generatorCpu()),
                window.gcMillis(), ctx.client().failures(), ctx.ioThreads());
        List<String> notes = new ArrayList<>();
        notes.add("nodes: " + targets.stream().map(t -> t.baseUrl().toString()).toList());
        if (unknownZoneFrames.sum() > 0) {
            notes.add(unknownZoneFrames.sum() + " crowd frames for zones this run did not create");
        }
        return new RunResult("crowd", ctx.label(), ctx.target().baseUrl().toString(), startedAt, params, connect,
                null, latency, null, null, errorCodes.snapshot(), closeCodes.snapshot(), connector.failures.snapshot(),
                server, generator, notes, null, null, crowd);
    }

    /** {missed, duplicated, received} over every (ADMIN session, zone). */
    private long[] missedAndDuplicated(List<List<Long>> sent, AtomicIntegerArray received, int admins) {
        long missed = 0;
        long duplicated = 0;
        long total = 0;
        for (int a = 0; a < admins; a++) {
            for (int z = 0; z < plan.zones(); z++) {
                int got = received.get(a * plan.zones() + z);
                int expected = sent.get(z).size();
                total += got;
                missed += Math.max(0, expected - got);
                duplicated += Math.max(0, got - expected);
            }
        }
        return new long[] {missed, duplicated, total};
    }
}
