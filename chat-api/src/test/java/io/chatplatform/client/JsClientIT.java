package io.chatplatform.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The JavaScript client's own test suite ({@code clients/js/test/*.test.js}, Node's test runner) against this real
 * server: the suite gets the server's address and JWT secret in its environment (it mints its users' tokens and
 * registers rooms over REST), its output goes to this test's log, and this test fails unless Node exits with 0
 * having run tests, none failed and none skipped (the server tests skip themselves only without a server).
 * Skipped, with the reason, when Node 20 or newer is missing. On Node 20 and 21 the suite runs with
 * {@code --experimental-websocket} (Node's own WebSocket, from undici), so nothing is fetched from the network.
 */
class JsClientIT extends ChatServerTest {

    private static final Path CLIENT = Path.of("..", "clients", "js").toAbsolutePath().normalize();
    private static final Pattern SUMMARY = Pattern.compile("^#\\s*(tests|pass|fail|skipped|cancelled)\\s+(\\d+)\\s*$");

    @Value("${chat.auth.jwt-secret}")
    String jwtSecret;

    @Test
    void theJavaScriptClientsSuitePassesAgainstARealServer() throws Exception {
        int major = nodeMajorVersion();
        Assumptions.assumeTrue(major >= 20, () -> major < 0
                ? "JavaScript client tests skipped: no `node` on the PATH (Node 20 or newer runs clients/js/test)"
                : "JavaScript client tests skipped: Node " + major + " is older than 20");
        List<String> command = new ArrayList<>(List.of("node"));
        if (major < 22) {
            command.add("--experimental-websocket");
        }
        command.add("--test");
        try (Stream<Path> files = Files.list(CLIENT.resolve("test"))) {
            files.map(Path::getFileName).map(Path::toString).filter(name -> name.endsWith(".test.js")).sorted()
                    .map(name -> "test/" + name).forEach(command::add);
        }
        assertThat(command).anyMatch(arg -> arg.endsWith(".test.js"));

        ProcessBuilder builder = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true);
        builder.environment().put("CHAT_SERVER_URL", "http://localhost:" + port);
        builder.environment().put("CHAT_JWT_SECRET", jwtSecret);
        builder.environment().put("NODE_NO_WARNINGS", "1");
        Process node = builder.start();
        java.util.Map<String, Integer> summary = new java.util.HashMap<>();
        StringBuilder failures = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("[node] " + line);
                Matcher matcher = SUMMARY.matcher(line);
                if (matcher.matches()) {
                    summary.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
                }
                if (line.trim().startsWith("not ok")) {
                    failures.append(line.trim()).append('\n');
                }
            }
        }
        boolean exited = node.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            node.destroyForcibly();
        }
        assertThat(exited).as("node exited within 5 minutes").isTrue();
        assertThat(node.exitValue()).as("node --test exit code; failed:%n%s", failures).isZero();
        assertThat(summary.getOrDefault("fail", -1)).as("failed tests").isZero();
        assertThat(summary.getOrDefault("pass", 0)).as("passed tests").isPositive();
        assertThat(summary.getOrDefault("skipped", -1)).as("skipped tests (the server tests need the server)").isZero();
    }

    /** The major version of `node` on the PATH, or -1 when there is none. */
    private static int nodeMajorVersion() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return -1;
            }
            Matcher matcher = Pattern.compile("^v(\\d+)\\.").matcher(version);
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
