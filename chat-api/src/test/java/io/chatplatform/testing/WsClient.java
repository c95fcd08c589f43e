package io.chatplatform.testing;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client (the JDK's) for integration tests: it records every frame it receives, lets a test
 * wait for the frame it expects, and reports the close code.
 */
public final class WsClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonNode> inbox = new ArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile String closeReason;
    private WebSocket socket;

    private WsClient() {
    }

    /** Opens a socket; {@code headers} may carry Authorization or Origin. Fails when the handshake is refused. */
    public static WsClient connect(URI uri, Map<String, String> headers) {
        return connect(uri, headers, List.of());
    }

    /**
     * Opens a socket offering these subprotocols ({@code Sec-WebSocket-Protocol}, most preferred first), as a
     * browser's {@code new WebSocket(url, protocols)} does. Fails when the handshake is refused.
     */
    public static WsClient connect(URI uri, Map<String, String> headers, List<String> subprotocols) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        client.socket = builder.buildAsync(uri, client.listener()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return client;
    }

    /** The HTTP status of a refused handshake, or empty when the socket opened (it is closed again). */
    public static Optional<Integer> refusedStatus(URI uri, Map<String, String> headers) {
        return refusedStatus(uri, headers, List.of());
    }

    /** The HTTP status of a refused handshake offering these subprotocols, or empty when the socket opened. */
    public static Optional<Integer> refusedStatus(URI uri, Map<String, String> headers, List<String> subprotocols) {
        try {
            connect(uri, headers, subprotocols).close();
            return Optional.empty();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return Optional.of(refused.getResponse().statusCode());
            }
            throw e;
        }
    }

    public void send(String text) {
        socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** A SEND frame: {@code body} for {@code roomId}, under the sender's {@code clientMsgId}. */
    public static Map<String, Object> sendFrame(long roomId, String clientMsgId, String body) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "SEND");
        frame.put("roomId", roomId);
        frame.put("clientMsgId", clientMsgId);
        frame.put("body", body);
        return frame;
    }

    /** Sends a frame given as a map, encoded as JSON. */
    public void send(Map<String, ?> frame) {
        send(JSON.writeValueAsString(frame));
    }

    /** Waits for, removes and returns the first received frame of this type. */
    public JsonNode expect(String type) {
        return expect(frame -> type.equals(frame.path("type").asString()), "a " + type + " frame");
    }

    /** Waits for, removes and returns the first received frame matching the predicate. */
    public JsonNode expect(Predicate<JsonNode> match, String description) {
        JsonNode[] found = new JsonNode[1];
        await().alias("waiting for " + description + "; received " + received()).atMost(WAIT)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> (found[0] = take(match)) != null);
        return found[0];
    }

    /** Every frame received and not yet taken by {@link #expect}. */
    public synchronized List<JsonNode> received() {
        return List.copyOf(inbox);
    }

    public synchronized List<JsonNode> received(String type) {
        return inbox.stream().filter(frame -> type.equals(frame.path("type").asString())).toList();
    }

    /** The close code the server sent, waiting for the close. */
    public int awaitCloseCode() {
        return closeCode.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The reason of the server's close frame, once {@link #awaitCloseCode} returned. */
    public String closeReason() {
        return closeReason;
    }

    /** The subprotocol the server selected in its handshake response; empty when it selected none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        if (!closeCode.isDone() && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private synchronized JsonNode take(Predicate<JsonNode> match) {
        for (int i = 0; i < inbox.size(); i++) {
            if (match.test(inbox.get(i))) {
                return inbox.remove(i);
            }
        }
        return null;
    }

    private synchronized void receive(String text) {
        inbox.add(JSON.readTree(text));
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    receive(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeReason = reason;
                closeCode.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closeCode.complete(1006);
            }
        };
    }
}
