package io.chatplatform.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatplatform.bench.chat.RestApi;
import io.chatplatform.bench.chat.Target;
import io.chatplatform.bench.chat.Tokens;
import io.chatplatform.bench.report.ResultFiles;
import io.chatplatform.bench.report.RunResult;
import io.chatplatform.bench.stats.Accounting;
import io.chatplatform.bench.stats.ServerProbe;
import io.chatplatform.bench.ws.WsClient;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connect}, {@code reconnect}, {@code sync}, {@code crowd} and the Node cross-check client against the real
 * server: the packaged {@code chat-server.jar} (built by chat-api's package phase, which the reactor runs before this
 * module) in its own JVM on file-backed H2, restarted by {@code bench/restart-server.sh} exactly as {@code compare.sh}
 * would. Speed is not asserted, only the accounting.
 */
class ScenariosIT {

    private static final Path JAR = Path.of("..", "chat-api", "target", "chat-server.jar");
    private static final Path RESTART_SCRIPT = Path.of("..", "bench", "restart-server.sh");
    private static final Path DROP_SCRIPT = Path.of("..", "bench", "drop-connections.sh");
    private static final Path NODE_CLIENT = Path.of("..", "bench", "node-client").toAbsolutePath().normalize();
    private static final Path NPM_LOG = Path.of("target", "npm-ci.log").toAbsolutePath();
    /** What the processes started here read: never this JVM's stdin, which is failsafe's channel to Maven. */
    private static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));
    private static final String NODE_CLIENT_MISSING = "the Node cross-check client needs node 20+ and npm (npm ci in "
            + NODE_CLIENT + " failed, see " + NPM_LOG + ", or node is missing)";

    /** A server that refuses every frame over one a second: pacing off, no burst, never cut off for flooding. */
    private static final String[] REFUSING_OVER_ONE_A_SECOND = {"--chat.ws.rate-pacing=false",
        "--chat.ws.rate-limit=1", "--chat.ws.rate-burst=1", "--chat.ws.flood-limit=1000000"};

    @TempDir
    Path dir;
    private final String secret = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(48));
    private Path pidFile;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        assertThat(JAR).as("build chat-api first (its package phase makes the jar)").isRegularFile();
        port = freePort();
        pidFile = dir.resolve("server.pid");
        Process server = new ProcessBuilder(serverCommand()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
                .redirectInput(NO_INPUT).start();
        Files.writeString(pidFile, Long.toString(server.pid()));
        await("server ready within 4 minutes").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    assertThat(server.isAlive()).as("server exited; see %s", dir.resolve("server.log")).isTrue();
                    return ready();
                });
    }

    @AfterEach
    void stopServer() throws IOException {
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void connectCountsEveryHandshakeThatReachedReady() throws Exception {
        RunResult result = withContext(ctx -> new Handshakes(ctx, new Handshakes.Plan(300, false)).run());

        assertThat(result.connect().attempted()).isEqualTo(300);
        assertThat(result.connect().ready()).isEqualTo(300);
        assertThat(result.connect().failed()).isZero();
        assertThat(result.latency().get("connect").count()).isEqualTo(300);
        assertThat(result.connectFailures()).isEmpty();
    }

    @Test
    void reconnectBringsEveryClientBackAfterARestartWithNothingLost() throws Exception {
        Reconnect.Plan plan = new Reconnect.Plan(100, 10, 100, Duration.ofSeconds(2), restartCommand(),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2), Duration.ofMinutes(4), 5, 32);

        RunResult result = withContext(ctx -> new Reconnect(ctx, plan).run());

        assertEveryClientCameBackWithNothingLost(result);
        assertSyncPagedOn(result);
    }

    /**
     * Clients authenticate with an INIT frame and the restarted server refuses every frame over one a second (pacing
     * off, no burst), so the SYNC a client sends as READY arrives, right behind its INIT, is refused
     * {@code RATE_LIMITED}: sent again after its {@code retryAfterMs}, every client still catches up. A client that
     * gave a refused SYNC up would wait for a live message to show it the gap, and posting stops once every client
     * is READY.
     */
    @Test
    void reconnectSendsARefusedSyncAgainAndStillBringsEveryClientBack() throws Exception {
        Reconnect.Plan plan = new Reconnect.Plan(100, 10, 100, Duration.ofSeconds(2),
                restartCommand(REFUSING_OVER_ONE_A_SECOND),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2), Duration.ofMinutes(2), 5, 32);

        RunResult result = withContext("init", ctx -> new Reconnect(ctx, plan).run());

        assertEveryClientCameBackWithNothingLost(result);
        assertRefusedSyncsWereSentAgain(result);
    }

    /**
     * {@code compare.sh}'s {@code RECONNECT_DROP=connections}: {@code bench/drop-connections.sh} destroys every client's
     * socket under the running server instead of restarting it, and the same process takes them all back. Skipped
     * where {@code ss -K} cannot destroy sockets (not root, or a kernel without {@code CONFIG_INET_DIAG_DESTROY}).
     */
    @Test
    void reconnectBringsEveryClientBackToTheSameServerAfterTheirSocketsWereDestroyed() throws Exception {
        assumeTrue(socketsCanBeDestroyed(), "ss -K cannot destroy sockets here (needs root and a kernel with "
                + "CONFIG_INET_DIAG_DESTROY)");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        String drop = String.join(" ", quote(DROP_SCRIPT.toAbsolutePath()), quote(pidFile), Integer.toString(port));
        // full jitter over a second: the clients come back one by one while the others post
        Reconnect.Plan plan = new Reconnect.Plan(100, 10, 100, Duration.ofSeconds(2), drop,
                Backoff.full(Duration.ofSeconds(1), Duration.ofSeconds(2)), Duration.ofMinutes(2), 5, 32);

        RunResult result = withContext(ctx -> new Reconnect(ctx, plan).run());

        assertEveryClientCameBackWithNothingLost(result);
        assertThat(Files.readString(pidFile).trim()).as("no new server").isEqualTo(Long.toString(pid));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("the server is running on").contains(true);
    }

    /** Whether {@code ss -K} resets a TCP connection on this machine: tried on a pair of sockets of this JVM. */
    private static boolean socketsCanBeDestroyed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            Process ss = new ProcessBuilder("ss", "-K", "state", "established",
                    "( sport = :" + server.getLocalPort() + " )").redirectErrorStream(true)
                    .redirectInput(NO_INPUT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!ss.waitFor(30, TimeUnit.SECONDS) || ss.exitValue() != 0) {
                return false;
            }
            client.setSoTimeout(2_000);
            try {
                client.getInputStream().read(); // an end of stream or a byte: the connection was not reset
                return false;
            } catch (SocketException reset) {
                return true;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            }
        } catch (IOException noSs) {
            return false;
        }
    }

    private static void assertRefusedSyncsWereSentAgain(RunResult result) {
        assertThat(result.errorFrames()).as("frames refused over the rate").containsKey("RATE_LIMITED");
        assertThat(result.recovery().syncs()).as("SYNCs sent again after a refusal, each without a page")
                .isGreaterThan(result.recovery().historyPages());
    }

    private static void assertSyncPagedOn(RunResult result) {
        assertThat(result.recovery().historyPages()).as("a page of 5 cannot hold what was posted: SYNC paged on")
                .isGreaterThan(100);
    }

    private static void assertEveryClientCameBackWithNothingLost(RunResult result) {
        RunResult.Recovery recovery = result.recovery();
        assertThat(recovery.restartExitCode()).isZero();
        assertThat(recovery.dropped()).isEqualTo(100);
        assertThat(recovery.reconnected()).isEqualTo(100);
        assertThat(recovery.caughtUp()).isEqualTo(100);
        assertThat(recovery.messagesBeforeDrop()).isPositive();
        assertThat(recovery.messagesAfterDrop()).as("posted by clients already back, while others were not")
                .isPositive();
        assertThat(recovery.lost()).isZero();
        assertThat(recovery.duplicatesLive()).isZero();
        assertThat(recovery.seqConflicts()).isZero();
        assertThat(recovery.allCaughtUpSeconds()).isGreaterThanOrEqualTo(recovery.serverBackSeconds());
        assertThat(recovery.attempts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
        assertThat(result.latency().get("catchUp").count()).isEqualTo(100);
        assertThat(result.latency().get("ackAfterRestart").count()).as("SENDs posted from the restart on, ACKed")
                .isPositive();
    }

    @Test
    void syncCatchesUpByRevAndBySeqWithEveryCheckPassing() throws Exception {
        SyncCatchUp.Plan plan = new SyncCatchUp.Plan(300, 100, 3, 50, 2, 1, 16, 32, Duration.ofSeconds(60));

        RunResult result = withContext(ctx -> new SyncCatchUp(ctx, plan).run());

        assertThat(result.params()).containsEntry("lastSeq", 300L).containsEntry("lastRev", 400L);
        RunResult.CatchUp byRev = result.catchUp().get("byRev");
        RunResult.CatchUp bySeq = result.catchUp().get("bySeq");
        assertThat(byRev.problems()).as("%s", byRev.problemSamples()).isZero();
        assertThat(bySeq.problems()).as("%s", bySeq.problemSamples()).isZero();
        assertThat(byRev.reached()).isEqualTo(400);
        assertThat(bySeq.reached()).isEqualTo(300);
        assertThat(byRev.messages()).isEqualTo(300);
        assertThat(bySeq.messages()).isEqualTo(300);
        assertThat(byRev.entries()).as("edits and renames replayed, bar those compacted into their message's page")
                .isGreaterThan(300).isLessThanOrEqualTo(400);
        assertThat(byRev.syncs()).as("400 changes in pages of 50").isGreaterThanOrEqualTo(8);
        assertThat(bySeq.syncs()).as("300 messages in pages of 50").isGreaterThanOrEqualTo(6);
        assertThat(byRev.roundsMs()).hasSize(2);
        assertThat(result.errorFrames()).isEmpty();
    }

    @Test
    void crowdRaisesOneAlertAndOneClearPerCrossingOnEveryAdminSession() throws Exception {
        // 2 zones of threshold 5 (clearing at 4), 60 walkers reporting every 2 s, a move every 3 s per zone for 8 s:
        // moves in, out, in for each zone = 2 alerts and 1 clear per zone, each for both ADMIN sessions
        CrowdLoad.Plan plan = new CrowdLoad.Plan(60, List.of(), Duration.ofSeconds(2), 2, 5, 0.2, 2,
                Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofSeconds(3), Duration.ofSeconds(2), 100, null);

        RunResult result = withContext(ctx -> new CrowdLoad(ctx, plan).run());

        RunResult.Crowd crowd = result.crowd();
        assertThat(result.connect().ready()).isEqualTo(60);
        assertThat(crowd.crossings()).isEqualTo(4);
        assertThat(crowd.clearCrossings()).isEqualTo(2);
        assertThat(crowd.alertsExpected()).isEqualTo(8);
        assertThat(crowd.alertsReceived()).isEqualTo(8);
        assertThat(crowd.alertsMissed()).isZero();
        assertThat(crowd.alertsDuplicated()).isZero();
        assertThat(crowd.clearsReceived()).isEqualTo(4);
        assertThat(crowd.clearsMissed()).isZero();
        assertThat(crowd.clearsDuplicated()).isZero();
        assertThat(crowd.countMismatches()).as("the zones' counts are the walkers' at the end").isZero();
        assertThat(result.latency().get("alert").count()).isEqualTo(8);
        assertThat(result.latency().get("clear").count()).isEqualTo(4);
        assertThat(crowd.updatesSent()).as("30 updates/s for 8 s").isGreaterThan(200);
        assertThat(crowd.updatesRefused()).isZero();
        assertThat(result.errorFrames()).isEmpty();
    }

    /**
     * The Node cross-check client ({@code bench/node-client}) against the same server: its message accounting and its
     * idle-socket count must hold, and chat-bench's report reader must read what it writes. Needs Node 20+ and the
     * client's one dependency ({@code ws}, installed here with {@code npm ci} when absent); skipped, with the reason,
     * without them.
     */
    @Test
    void theNodeCrossCheckClientAccountsForEveryDeliveryAndEverySocket() throws Exception {
        assumeTrue(nodeClientInstalled(), NODE_CLIENT_MISSING);

        RunResult rooms = nodeClient("rooms", "--rooms", "4", "--members", "3", "--rate", "60", "--warmup", "1s",
                "--duration", "3s", "--drain", "10s");

        assertThat(rooms.label()).isEqualTo("server+nodeclient");
        assertThat(rooms.connect().ready()).isEqualTo(12);
        assertThat(rooms.traffic().sends()).as("60/s for 3 s").isBetween(150L, 210L);
        Accounting accounting = rooms.accounting();
        assertThat(accounting.clean()).as("%s", accounting).isTrue();
        assertThat(accounting.messagesAcked()).as("every SEND of warm-up and window ACKed").isGreaterThan(200);
        assertThat(accounting.deliveriesExpected()).isEqualTo(accounting.messagesKnown() * 3);
        assertThat(accounting.deliveriesReceived()).isEqualTo(accounting.deliveriesExpected());
        assertThat(rooms.latency().get("endToEnd").count()).as("the window's messages, each to its 3 members")
                .isBetween(rooms.traffic().sends() * 3 - 30, rooms.traffic().sends() * 3 + 30);
        assertThat(rooms.errorFrames()).isEmpty();

        RunResult idle = nodeClient("connections", "--connections", "40", "--duration", "3s", "--settle", "1s",
                "--ping-interval", "1s");

        assertThat(idle.idle().held()).isEqualTo(40);
        assertThat(idle.idle().stillOpen()).isEqualTo(40);
        assertThat(idle.idle().dropped()).isZero();
        assertThat(idle.idle().pings()).as("40 sockets, each about once a second for 3 s").isGreaterThan(80);
        assertThat(idle.idle().pongsMissing()).isZero();
        assertThat(idle.server().rssAfterBytes()).as("read from /proc for --server-pid").isPositive();
    }

    /** The Node client's {@code reconnect}, held to what chat-bench's own run of the scenario must show. */
    @Test
    void theNodeCrossCheckClientBringsEveryClientBackAfterARestartWithNothingLost() throws Exception {
        assumeTrue(nodeClientInstalled(), NODE_CLIENT_MISSING);

        RunResult result = nodeClient("reconnect", "--clients", "100", "--members", "10", "--rate", "100",
                "--before", "2s", "--restart-command", restartCommand(), "--backoff-initial", "200ms",
                "--backoff-max", "1s", "--backoff-jitter", "0.2", "--catch-up-timeout", "4m", "--sync-limit", "5",
                "--body-size", "32");

        assertEveryClientCameBackWithNothingLost(result);
        assertSyncPagedOn(result);
        assertThat(result.label()).isEqualTo("server+nodeclient");
    }

    /** As {@link #reconnectSendsARefusedSyncAgainAndStillBringsEveryClientBack()}, with the Node client. */
    @Test
    void theNodeCrossCheckClientSendsARefusedSyncAgainAndStillBringsEveryClientBack() throws Exception {
        assumeTrue(nodeClientInstalled(), NODE_CLIENT_MISSING);

        // INIT sockets count as pending until READY, at most 50 per address: fewer than that connect at once
        RunResult result = nodeClient("reconnect", "--auth", "init", "--connect-concurrency", "32", "--clients", "100",
                "--members", "10", "--rate", "100", "--before", "2s", "--restart-command",
                restartCommand(REFUSING_OVER_ONE_A_SECOND), "--backoff-initial", "200ms", "--backoff-max", "1s",
                "--backoff-jitter", "0.2", "--catch-up-timeout", "2m", "--sync-limit", "5", "--body-size", "32");

        assertEveryClientCameBackWithNothingLost(result);
        assertRefusedSyncsWereSentAgain(result);
    }

    /**
     * Restarts the server as compare.sh does, for both clients' {@code reconnect}; the restarted one with the options
     * {@code restartedWith} in place of its own of the same names (Spring would join a repeated option's values).
     */
    private String restartCommand(String... restartedWith) {
        List<String> command = serverCommand();
        for (String option : restartedWith) {
            String name = option.substring(0, option.indexOf('=') + 1);
            command.removeIf(given -> given.startsWith(name));
            command.add(option);
        }
        return String.join(" ", List.of(RESTART_SCRIPT.toAbsolutePath().toString(), quote(pidFile),
                "http://127.0.0.1:" + port + "/actuator/health/readiness", quote(dir.resolve("server.log")), "--"))
                + " " + String.join(" ", command.stream().map(ScenariosIT::quote).toList());
    }

    private RunResult nodeClient(String scenario, String... args) throws Exception {
        Path json = dir.resolve("node-" + scenario + ".json");
        List<String> command = new ArrayList<>(List.of("node", NODE_CLIENT.resolve("client.js").toString(), scenario,
                "--url", "http://127.0.0.1:" + port, "--server-pid", Files.readString(pidFile).trim(), "--label",
                "server+nodeclient", "--json", json.toString(), "--quiet"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node-client.log").toFile()));
        builder.environment().put("CHAT_JWT_SECRET", secret);
        Process client = builder.start();
        assertThat(client.waitFor(5, TimeUnit.MINUTES)).as("node client done within 5 minutes").isTrue();
        assertThat(client.exitValue()).as("node client exit code; see %s", dir.resolve("node-client.log")).isZero();
        return ResultFiles.read(json);
    }

    /** Whether node runs the client: its {@code ws} dependency present, or installed now from the lock file. */
    private static boolean nodeClientInstalled() throws InterruptedException {
        try {
            if (!Files.isDirectory(NODE_CLIENT.resolve("node_modules").resolve("ws"))) {
                // Never inheritIO here: this JVM's stdin and stdout are failsafe's channel to Maven, and npm switches an
                // inherited stdin to non-blocking while it runs, so the fork's next read of a command fails ("std/in
                // stream corrupted") and the build with it, although every test passed.
                Process npm = new ProcessBuilder("npm", "ci", "--silent", "--no-audit", "--no-fund")
                        .directory(NODE_CLIENT.toFile()).redirectErrorStream(true)
                        .redirectInput(NO_INPUT)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(NPM_LOG.toFile())).start();
                if (!npm.waitFor(3, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    return false;
                }
            }
            Process node = new ProcessBuilder("node", "-e", "require('ws'); process.exit("
                    + "Number(process.versions.node.split('.')[0]) >= 20 ? 0 : 1)").directory(NODE_CLIENT.toFile())
                    .redirectErrorStream(true).start();
            node.getInputStream().transferTo(OutputStream.nullOutputStream());
            return node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException noNodeOrNpm) {
            return false;
        }
    }

    private interface Run {
        RunResult run(RunContext ctx) throws Exception;
    }

    private RunResult withContext(Run run) throws Exception {
        return withContext("header", run);
    }

    /** @param auth how the clients' sockets authenticate ({@link Target}) */
    private RunResult withContext(String auth, Run run) throws Exception {
        Target target = new Target(URI.create("http://127.0.0.1:" + port), "/ws/chat", auth);
        try (WsClient client = new WsClient(2); RestApi rest = new RestApi(target)) {
            RunContext ctx = new RunContext("server", "it" + System.nanoTime() % 100_000, target,
                    new Tokens(secret, Duration.ofHours(1)), rest, client, new ServerProbe(rest, -1),
                    new Progress(true), 2, 50, Duration.ofSeconds(30));
            return run.run(ctx);
        }
    }

    private List<String> serverCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ArrayList<>(List.of("env", "CHAT_JWT_SECRET=" + secret, java, "-Xmx384m",
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString(), "--server.port=" + port,
                "--chat.data-dir=" + dir.resolve("data"), "--chat.ws.rate-limit=1000000",
                "--chat.ws.rate-burst=1000000", "--chat.api.rate-limits.enabled=false"));
    }

    private boolean ready() {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + port
                    + "/actuator/health/readiness").toURL().openConnection();
            http.setConnectTimeout(1000);
            http.setReadTimeout(2000);
            return http.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String quote(Object value) {
        return "'" + value.toString().replace("'", "'\\''") + "'";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
