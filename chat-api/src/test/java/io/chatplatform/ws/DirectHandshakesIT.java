package io.chatplatform.ws;

import static io.chatplatform.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.testing.ChatServerTest;
import io.chatplatform.testing.RawWebSocket;
import io.chatplatform.testing.WsClient;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An upgrade request for exactly an endpoint's path takes the short way to its WebSocket handler, past Spring
 * Security's filter chain and the DispatcherServlet (which is why its 101 carries none of the chain's document
 * headers), and still meets every check of the handshake: token (forged, expired, unsigned, revoked), origin.
 * Every other request to those paths (no upgrade, parameters or doubled slashes in the path) still takes the long
 * way through the chain: its firewall, its headers, its problem answers.
 */
class DirectHandshakesIT extends ChatServerTest {

    private static final String SECRET = "test-only-secret-0123456789-abcdefghijklmnop";
    private static final Pattern COUNTER = Pattern.compile(
            "chat_ws_handshakes_total\\{endpoint=\"([^\"]+)\",status=\"([^\"]+)\"} ([0-9.E]+)");

    @ParameterizedTest
    @ValueSource(strings = {"/ws/chat", "/ws/notify", "/ws/crowd/location"})
    void anUpgradeToAnEndpointTakesTheShortWayAndIsAuthenticated(String path) {
        String alice = uniqueUser("alice");
        double before = handshakes(path, "101");

        RawWebSocket socket = RawWebSocket.connect(port, path, Map.of("Authorization", "Bearer " + tokenFor(alice)), 0);
        try (socket) {
            assertThat(socket.handshakeHeader("X-Frame-Options")).as("no filter chain on the short way").isEmpty();
            assertThat(socket.handshakeHeader("Sec-WebSocket-Extensions")).as("compression stays off").isEmpty();
            socket.sendText("{\"type\":\"PING\"}");
            assertThat(textFrames(socket)).anySatisfy(text -> assertThat(text).contains("\"READY\"", alice));
        }
        assertThat(handshakes(path, "101")).isEqualTo(before + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws/chat", "/ws/notify", "/ws/crowd/location"})
    void theShortWayRefusesForgedExpiredUnsignedAndMalformedTokens(String path) {
        String alice = uniqueUser("alice");
        double before = handshakes(path, "401");
        List<String> bad = List.of(
                signedWith("another-secret-0123456789-abcdefghijklmnopq", alice, 3600),
                signedWith(SECRET, alice, -3600),
                unsigned(alice),
                tokenFor(alice) + "x",
                "not-a-jwt");

        for (String token : bad) {
            Answer byHeader = answer(path, Map.of("Authorization", "Bearer " + token));
            assertThat(byHeader.status()).as(token).isEqualTo(401);
            assertThat(byHeader.headers()).as("a refusal goes the short way too").doesNotContainKey("x-frame-options");
            assertThat(WsClient.refusedStatus(wsUri(path + "?access_token=" + token), Map.of())).as(token).contains(401);
            assertThat(WsClient.refusedStatus(wsUri(path), Map.of(), browserProtocols(token))).as(token).contains(401);
        }
        assertThat(handshakes(path, "401")).isEqualTo(before + 3 * bad.size());
    }

    @Test
    void theShortWayRefusesARevokedToken() {
        String bob = uniqueUser("bob");
        String bobsToken = tokenFor(bob);
        assertThat(answer("/ws/chat", Map.of("Authorization", "Bearer " + bobsToken)).status()).isEqualTo(101);

        assertThat(rest.delete("/api/users/" + bob, bobsToken).status()).isEqualTo(204);

        assertThat(answer("/ws/chat", Map.of("Authorization", "Bearer " + bobsToken)).status()).isEqualTo(401);
        assertThat(answer("/ws/notify", Map.of("Authorization", "Bearer " + bobsToken)).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws/chat", "/ws/notify", "/ws/crowd/location"})
    void theShortWayRefusesAForeignOrigin(String path) {
        String alice = uniqueUser("alice");
        double before = handshakes(path, "403");

        Answer foreign = answer(path, Map.of("Authorization", "Bearer " + tokenFor(alice),
                "Origin", "https://evil.example"));

        assertThat(foreign.status()).isEqualTo(403);
        assertThat(answer(path, Map.of("Origin", "https://evil.example")).status()).as("without token").isEqualTo(403);
        assertThat(answer(path, Map.of("Authorization", "Bearer " + tokenFor(alice),
                "Origin", "http://localhost:" + port)).status()).as("the server's own origin").isEqualTo(101);
        assertThat(handshakes(path, "403")).isEqualTo(before + 2);
    }

    @Test
    void withoutATokenTheShortWayOpensOnlyAPendingSocket() throws IOException {
        try (RawWebSocket socket = RawWebSocket.connect(port, "/ws/chat", Map.of(), 0)) {
            socket.sendText("{\"type\":\"SYNC\",\"roomId\":1,\"afterSeq\":0}");

            assertThat(socket.readUntilClosed(WsClient.WAIT).closeCode()).isEqualTo(4401);
        }
    }

    @Test
    void aRequestWithoutUpgradeStillTakesTheLongWay() {
        Answer plain = answer("/ws/chat", Map.of(), false);

        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.body()).contains("Can \"Upgrade\" only to \"WebSocket\"");
        assertThat(plain.headers()).containsEntry("x-frame-options", "DENY")
                .containsEntry("x-content-type-options", "nosniff");
    }

    @Test
    void anUpgradeToAPathThatIsNotExactlyAnEndpointStillTakesTheLongWay() {
        String alice = uniqueUser("alice");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + tokenFor(alice));

        Answer doubled = answer("//ws/chat", auth);
        assertThat(doubled.status()).as("the firewall refuses it").isEqualTo(400);
        assertThat(doubled.headers().get("content-type")).startsWith("application/problem+json");

        Answer withParameter = answer("/ws/chat;v=1", auth);
        assertThat(withParameter.status()).isEqualTo(101);
        assertThat(withParameter.headers()).as("through the filter chain").containsEntry("x-frame-options", "DENY");

        Answer refused = answer("/ws/chat;v=1", Map.of("Authorization", "Bearer not-a-jwt"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers()).containsEntry("x-frame-options", "DENY");
    }

    @Test
    void otherPathsUnderWsAreUntouched() {
        assertProblem(rest.get("/ws/chat/extra", null), 404, "NOT_FOUND");
    }

    private double handshakes(String endpoint, String status) {
        Matcher counters = COUNTER.matcher(rest.get("/actuator/prometheus", null).body());
        while (counters.find()) {
            if (counters.group(1).equals(endpoint) && counters.group(2).equals(status)) {
                return Double.parseDouble(counters.group(3));
            }
        }
        throw new AssertionError("no chat_ws_handshakes_total for " + endpoint + " " + status);
    }

    private static String signedWith(String secret, String userId, long expiresInSeconds) {
        long now = System.currentTimeMillis();
        return Jwts.builder().subject(userId)
                .issuedAt(new Date(now - Math.max(0, -expiresInSeconds) * 2000))
                .expiration(new Date(now + expiresInSeconds * 1000))
                .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
    }

    private static String unsigned(String userId) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(("{\"sub\":\"" + userId + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600)
                + "}").getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static List<String> textFrames(RawWebSocket socket) {
        try {
            RawWebSocket.Frame ready = socket.readFrame();
            RawWebSocket.Frame pong = socket.readFrame();
            return List.of(ready.text(), pong.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer answer(String path, Map<String, String> headers) {
        return answer(path, headers, true);
    }

    /** One request on a fresh connection, the path sent byte for byte; reads the head and a Content-Length body. */
    private Answer answer(String path, Map<String, String> headers, boolean upgrade) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 10_000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n");
            if (upgrade) {
                request.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                        .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")
                        .append("Sec-WebSocket-Extensions: permessage-deflate\r\n");
            }
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            List<String> head = RawWebSocket.readHttpHead(in).lines().filter(line -> !line.isEmpty()).toList();
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            for (String line : head.subList(1, head.size())) {
                int colon = line.indexOf(':');
                answerHeaders.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            int status = Integer.parseInt(head.get(0).split(" ")[1]);
            int length = status == 101 ? 0 : Integer.parseInt(answerHeaders.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Answer(status, answerHeaders, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Answer(int status, Map<String, String> headers, String body) {
    }
}
