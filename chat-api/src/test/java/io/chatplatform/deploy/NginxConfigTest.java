package io.chatplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/nginx.conf}, run by a real nginx in front of a recording stand-in for the chat nodes: the attacks
 * it must stop are sent through it, and the stand-in shows what got past. Skipped, saying why, where no nginx is
 * installed (Debian: {@code apt-get install nginx-light}).
 */
class NginxConfigTest {

    static final Path CONFIG = Path.of("..", "deploy", "nginx.conf");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A request that reached the upstream: its raw path and query, and the forwarding headers it carried. */
    record Forwarded(String pathAndQuery, String forwardedFor, String forwardedProto) {
    }

    @TempDir
    static Path dir;

    static HttpServer upstream;
    static final List<Forwarded> forwarded = new CopyOnWriteArrayList<>();
    static Process nginx;
    static int port;

    @BeforeAll
    static void startNginxInFrontOfARecordingUpstream() throws Exception {
        String binary = nginxBinary();
        Assumptions.assumeTrue(binary != null, "nginx is not installed (apt-get install nginx-light)");
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            forwarded.add(new Forwarded(exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("X-Forwarded-For"),
                    exchange.getRequestHeaders().getFirst("X-Forwarded-Proto")));
            exchange.getRequestBody().readAllBytes();
            byte[] body = "upstream".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        port = freePort();

        Path site = dir.resolve("chat.conf");
        Files.writeString(site, adapt(Files.readString(CONFIG), upstream.getAddress().getPort(), port));
        Path main = dir.resolve("nginx.conf");
        Files.writeString(main, String.join("\n",
                "user root root;", // read as root, ignored otherwise; workers must reach the temporary directory
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " info;",
                "events { worker_connections 64; }",
                "http {",
                // as the nginx image's own nginx.conf does, with its default format, for a site that sets none
                "  access_log " + dir.resolve("access.log") + ";",
                "  client_body_temp_path " + dir.resolve("body") + ";",
                "  proxy_temp_path " + dir.resolve("proxy") + ";",
                "  include " + site + ";",
                "}", ""));

        Process check = new ProcessBuilder(binary, "-t", "-p", dir.toString(), "-c", main.toString())
                .redirectErrorStream(true).start();
        String checkOutput = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as("nginx -t:\n%s", checkOutput).isZero();

        nginx = new ProcessBuilder(binary, "-p", dir.toString(), "-c", main.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    /** Every endpoint, /ws/crowd/location too, works on any node: the crowd counts are shared through Redis. */
    @Test
    void noEndpointIsPinnedToOneNode() throws IOException {
        String config = Files.readString(CONFIG);

        assertThat(config).doesNotContainPattern("(?m)^\\s*(ip_hash|hash|sticky)\\b");
        assertThat(config).doesNotContain("location /ws/crowd").doesNotContain("location ^~ /ws/crowd")
                .doesNotContain("location = /ws/crowd");
    }

    @Test
    void actuatorAndTheApiDescriptionAreNotReachableFromOutside() {
        forwarded.clear();
        for (String path : List.of("/actuator", "/actuator/health", "/actuator/prometheus", "/actuator/env",
                "//actuator/health", "/./actuator/health", "/api/../actuator/health", "/%61ctuator/health",
                "/swagger-ui.html", "/swagger-ui/index.html", "/v3/api-docs", "/v3/api-docs/swagger-config")) {
            assertThat(get(path, Map.of()).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(forwarded).as("requests that reached the nodes").isEmpty();
    }

    /** Tomcat strips path parameters before matching: these would be /actuator/health to the node. */
    @Test
    void pathParametersCannotSmuggleAPathPastTheRules() {
        forwarded.clear();
        for (String path : List.of("/;x/actuator/health", "/actuator;x/health", "/api/;/../actuator/health",
                "/v3;x/api-docs", "/ws/chat;jsessionid=1")) {
            assertThat(get(path, Map.of()).statusCode()).as(path).isIn(400, 404);
        }
        assertThat(forwarded).as("requests that reached the nodes").isEmpty();
        assertThat(get("/api/rooms/1/members/a%3Bb", Map.of()).statusCode()).as("an encoded ';' in an id")
                .isEqualTo(200);
    }

    @Test
    void signInAttemptsFromOneAddressAreLimitedWith429() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(post("/api/auth/login", "{\"username\":\"alice\",\"password\":\"guess-" + i + "\"}"));
        }

        assertThat(statuses.subList(0, 5)).as("the first attempts, within the burst").containsOnly(200);
        assertThat(statuses).as("20 attempts at once").contains(429);
        List<Integer> elsewhere = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            elsewhere.add(get("/api/rooms", Map.of()).statusCode());
        }
        assertThat(elsewhere).as("the rest of the API is not limited here").containsOnly(200);
    }

    @Test
    void accessLogsNeverHoldTheQueryStringAndItsToken() throws IOException {
        String secret = "eyJ-secret-token-" + System.nanoTime();

        assertThat(get("/ws/chat?access_token=" + secret, Map.of()).statusCode()).isEqualTo(200);
        assertThat(get("/api/rooms?access_token=" + secret + "&x=1", Map.of()).statusCode()).isEqualTo(200);

        assertThat(forwarded).as("the node still gets the token").anyMatch(f -> f.pathAndQuery().contains(secret));
        Path log = dir.resolve("access.log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(log).contains("GET /api/rooms"));
        assertThat(Files.readString(log)).contains("GET /ws/chat").doesNotContain(secret)
                .doesNotContain("access_token");
    }

    @Test
    void theNodesSeeTheClientAddressAndSchemeNotWhatTheClientClaims() {
        forwarded.clear();

        assertThat(get("/api/rooms", Map.of("X-Forwarded-For", "6.6.6.6", "X-Forwarded-Proto", "https"))
                .statusCode()).isEqualTo(200);

        assertThat(forwarded).singleElement().satisfies(request -> {
            assertThat(request.forwardedFor()).isEqualTo("127.0.0.1");
            assertThat(request.forwardedProto()).isEqualTo("http");
        });
    }

    /** The deploy file with its nodes replaced by the stand-in, its port by a free one and its logs by ours. */
    static String adapt(String config, int upstreamPort, int listenPort) {
        String adapted = replaceOnce(config, "    server app1:8080;\n    server app2:8080;\n",
                "    server 127.0.0.1:" + upstreamPort + ";\n");
        adapted = replaceOnce(adapted, "listen 80;", "listen 127.0.0.1:" + listenPort + ";");
        return adapted.replace("/var/log/nginx/access.log", dir.resolve("access.log").toString());
    }

    static String replaceOnce(String text, String target, String replacement) {
        assertThat(text).as("deploy/nginx.conf").contains(target);
        return text.replace(target, replacement);
    }

    static String nginxBinary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    static HttpResponse<String> get(String rawPath, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return send(request.GET().build());
    }

    static int post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build()).statusCode();
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
