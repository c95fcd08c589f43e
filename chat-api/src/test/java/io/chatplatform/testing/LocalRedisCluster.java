package io.chatplatform.testing;

import static io.chatplatform.testing.ServerLookup.Outcome.found;
import static io.chatplatform.testing.ServerLookup.Outcome.unavailable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.util.FileSystemUtils;

/**
 * A real Redis Cluster for tests: the one named by {@code CHAT_TEST_REDIS_CLUSTER_URL}
 * ({@code redis-cluster://127.0.0.1:7100,127.0.0.1:7101}), else three masters started here from the machine's
 * {@code redis-server} ({@code cluster-enabled yes}, joined with {@code redis-cli --cluster create}) in a temporary
 * directory, on free ports from 7100 up (their cluster bus on port + 10000), stopped when the JVM exits; else none,
 * with the reason. Tests isolate themselves with a key prefix of their own, as on a single Redis.
 */
public final class LocalRedisCluster {

    public static final String URL_VARIABLE = "CHAT_TEST_REDIS_CLUSTER_URL";
    static final int MASTERS = 3;
    private static final int FIRST_PORT = 7100;
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    private static final ServerLookup<String> CLUSTER = new ServerLookup<>("Redis Cluster", LocalRedisCluster::find);
    private static final List<Shard> shards = new CopyOnWriteArrayList<>();

    private LocalRedisCluster() {
    }

    /** One master of a cluster started here: its port and process, so a test can kill it. */
    public record Shard(int port, Path dir, Process process) {
    }

    public static Optional<String> unavailableReason() {
        return CLUSTER.unavailableReason();
    }

    /** {@code redis-cluster://host:port,...} of the cluster. */
    public static String url() {
        return CLUSTER.get();
    }

    /** The masters this JVM started (empty when the cluster was given by {@link #URL_VARIABLE}). */
    public static List<Shard> shards() {
        CLUSTER.unavailableReason(); // starts them on first use
        return List.copyOf(shards);
    }

    private static ServerLookup.Outcome<String> find() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return found(configured);
        }
        if (!onPath("redis-server") || !onPath("redis-cli")) {
            return unavailable("no Redis Cluster: set " + URL_VARIABLE + " (e.g. redis-cluster://127.0.0.1:7100) or"
                    + " install redis-server and redis-cli (Redis 7) so that tests start one");
        }
        try {
            return found(start());
        } catch (IOException | RuntimeException e) {
            stop();
            return unavailable("could not start a local Redis Cluster: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return unavailable("interrupted while starting a local Redis Cluster");
        }
    }

    private static String start() throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("chat-redis-cluster");
        List<Integer> ports = freePorts();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop();
            deleteQuietly(root);
        }, "stop-redis-cluster"));
        for (int port : ports) {
            Path dir = Files.createDirectories(root.resolve(Integer.toString(port)));
            shards.add(new Shard(port, dir, launch(port, dir)));
        }
        for (int port : ports) {
            awaitListening(port);
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(port -> create.add("127.0.0.1:" + port));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process creating = new ProcessBuilder(create).redirectErrorStream(true)
                .redirectOutput(root.resolve("create.log").toFile()).start();
        if (!creating.waitFor(READY_WITHIN.toSeconds(), TimeUnit.SECONDS) || creating.exitValue() != 0) {
            throw new IllegalStateException("redis-cli --cluster create failed: "
                    + Files.readString(root.resolve("create.log")));
        }
        for (int port : ports) {
            awaitClusterOk(port);
        }
        return "redis-cluster://" + String.join(",", ports.stream().map(port -> "127.0.0.1:" + port).toList());
    }

    private static Process launch(int port, Path dir) throws IOException {
        return new ProcessBuilder("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "2000", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("redis.log").toFile())).start();
    }

    /**
     * Kills master {@code index} (0 serves slots 0-5460, 1 5461-10922, 2 10923-16383: {@code --cluster create}
     * hands them out in order), as a crash would.
     */
    public static synchronized void kill(int index) throws InterruptedException {
        Process process = shards.get(index).process();
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts a killed master again on its port and directory (its nodes.conf: same id and slots, no data). */
    public static synchronized void restart(int index) throws IOException, InterruptedException {
        Shard shard = shards.get(index);
        shards.set(index, new Shard(shard.port(), shard.dir(), launch(shard.port(), shard.dir())));
        awaitListening(shard.port());
        for (Shard each : shards) {
            awaitClusterOk(each.port());
        }
    }

    /** Three consecutive ports from 7100 up whose cluster-bus ports (+10000) are free too. */
    private static List<Integer> freePorts() {
        for (int base = FIRST_PORT; base < FIRST_PORT + 500; base += MASTERS) {
            List<Integer> ports = new ArrayList<>();
            for (int port = base; port < base + MASTERS; port++) {
                if (free(port) && free(port + 10000)) {
                    ports.add(port);
                }
            }
            if (ports.size() == MASTERS) {
                return ports;
            }
        }
        throw new IllegalStateException("no free ports for a Redis Cluster from " + FIRST_PORT);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitListening(int port) {
        await("redis-server on port " + port + " to listen").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    try (Socket socket = new Socket("127.0.0.1", port)) {
                        return true;
                    }
                });
    }

    private static void awaitClusterOk(int port) {
        await("the Redis Cluster on port " + port + " to reach cluster_state:ok").atMost(READY_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Process info = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "cluster", "info")
                            .redirectErrorStream(true).start();
                    String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    info.waitFor();
                    return out.contains("cluster_state:ok");
                });
    }

    private static synchronized void stop() {
        for (Shard shard : shards) {
            shard.process().destroy();
        }
        for (Shard shard : shards) {
            try {
                if (!shard.process().waitFor(5, TimeUnit.SECONDS)) {
                    shard.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static void deleteQuietly(Path root) {
        FileSystemUtils.deleteRecursively(root.toFile()); // false if some is left: a temporary directory all the same
    }
}
