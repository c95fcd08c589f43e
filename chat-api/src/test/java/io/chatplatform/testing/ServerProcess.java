package io.chatplatform.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code target/chat-server.jar}, built in the package phase before the ITs) as a separate
 * JVM on a free port, with its output in a log file. {@link #kill} is SIGKILL on Linux: no shutdown hook, no
 * graceful close, exactly like a crash.
 */
public final class ServerProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "chat-server.jar");

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar with these environment variables and arguments and waits until its health is UP. */
    public static ServerProcess start(Map<String, String> environment, List<String> arguments, Path log,
            Duration startTimeout) {
        if (!JAR.toFile().isFile()) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the package phase builds it");
        }
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString(),
                "--server.port=" + port));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerProcess server = new ServerProcess(process, port, log);
        try {
            RestApi rest = new RestApi(port);
            await().alias("server on port " + port + " to be UP (log: " + log + ")").atMost(startTimeout)
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("server exited with " + process.exitValue() + "\n"
                                    + server.tail());
                        }
                        return "UP".equals(Actuator.health(rest));
                    });
        } catch (RuntimeException | Error e) {
            server.kill();
            throw e;
        }
        return server;
    }

    /**
     * Runs the jar with these arguments (no port: for operator commands and starts that must fail) until it exits,
     * with {@code stdin} as its standard input, and answers its exit code and output.
     */
    public static Exit runToExit(Map<String, String> environment, List<String> arguments, String stdin, Path log,
            Duration timeout) {
        if (!JAR.toFile().isFile()) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the package phase builds it");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                JAR.toAbsolutePath().toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("still running after " + timeout + ": " + String.join(" ", arguments)
                        + "\n" + Files.readString(log));
            }
            return new Exit(process.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How a {@link #runToExit} run ended. */
    public record Exit(int code, String output) {
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the server's output, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
