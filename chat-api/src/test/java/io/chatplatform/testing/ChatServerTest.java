package io.chatplatform.testing;

import io.chatplatform.domain.auth.TokenService;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Base of the full-stack tests: the real server on a random port over in-memory H2, real HTTP and WebSocket
 * clients, and tokens minted with the server's secret for any user id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class ChatServerTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected TokenService tokens;

    protected RestApi rest;
    private final List<WsClient> clients = new java.util.ArrayList<>();

    @BeforeEach
    void setUpRest() {
        rest = new RestApi(port);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
        clients.clear();
    }

    /** A user id no other test uses, so tests sharing a context never see each other's rooms. */
    protected static String uniqueUser(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected String tokenFor(String userId) {
        return tokens.issue(new Actor(userId, Role.USER)).accessToken();
    }

    protected String adminTokenFor(String userId) {
        return tokens.issue(new Actor(userId, Role.ADMIN)).accessToken();
    }

    protected URI wsUri(String path) {
        return URI.create("ws://localhost:" + port + path);
    }

    /** Opens /ws/chat authenticated by the Authorization header and waits for READY. */
    protected WsClient chat(String userId) {
        WsClient client = track(WsClient.connect(wsUri("/ws/chat"), Map.of("Authorization", "Bearer " + tokenFor(userId))));
        client.expect("READY");
        return client;
    }

    /**
     * The subprotocols a browser offers to authenticate at the handshake (docs/protocol.md §4.2 d): the protocol the
     * server selects, and the token, base64url-encoded, behind the bearer prefix.
     */
    protected static List<String> browserProtocols(String token) {
        return List.of("chat.v1", tokenProtocol(token));
    }

    protected static String tokenProtocol(String token) {
        return "base64url.bearer.authorization.chatplatform.io."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    protected WsClient track(WsClient client) {
        clients.add(client);
        return client;
    }

    /** Creates a GROUP room owned by {@code owner} with the listed members and returns its id. */
    protected long createRoom(String owner, String... members) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "room of " + owner);
        body.put("type", "GROUP");
        body.put("members", List.of(members));
        RestApi.Response response = rest.post("/api/rooms", tokenFor(owner), body);
        if (response.status() != 201) {
            throw new IllegalStateException("room creation failed: " + response);
        }
        return response.json().path("id").asLong();
    }

    protected static Map<String, Object> frame(Object... keysAndValues) {
        Map<String, Object> frame = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            frame.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return frame;
    }

    protected static Map<String, Object> sendFrame(long roomId, String clientMsgId, String body) {
        return frame("type", "SEND", "roomId", roomId, "clientMsgId", clientMsgId, "body", body);
    }

    protected static boolean isMessage(JsonNode frame, String clientMsgId) {
        return "MESSAGE".equals(frame.path("type").asString())
                && clientMsgId.equals(frame.path("clientMsgId").asString());
    }
}
