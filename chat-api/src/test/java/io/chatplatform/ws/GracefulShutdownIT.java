package io.chatplatform.ws;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.chatplatform.ChatApplication;
import io.chatplatform.domain.auth.TokenService;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.testing.RestApi;
import io.chatplatform.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Stopping a node with a few hundred sockets open, whose users share rooms (so closing a session has contacts to
 * look up): every socket gets 1001, a pending one too, so clients reconnect elsewhere and SYNC; a handshake during
 * the shutdown is refused with 503 while readiness already says OUT_OF_SERVICE; and nothing logs an error, such as
 * a session-closed hook running against a database that is already closed. That the hooks are skipped is proven
 * in chat-ws ({@code StoppingNodeTest}): here a PRESENCE offline frame could not arrive anyway, since every socket
 * is marked closed before the first close completes.
 */
class GracefulShutdownIT {

    private static final int USERS = 300;
    private static final int ROOM_SIZE = 10;

    @Test
    void stoppingClosesEverySocketWith1001AndRefusesNewHandshakes() {
        ShutdownProbe probe = new ShutdownProbe();
        ConfigurableApplicationContext node = new SpringApplicationBuilder(ChatApplication.class)
                .profiles("test")
                .properties("server.port=0", "chat.ws.init-timeout=60s")
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean(ShutdownProbe.class, () -> probe))
                .run();
        int port = ((WebServerApplicationContext) node).getWebServer().getPort();
        TokenService tokens = node.getBean(TokenService.class);
        List<String> userTokens = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            userTokens.add(tokens.issue(new Actor("leaving-" + i, Role.USER)).accessToken());
        }
        RestApi rest = new RestApi(port);
        for (int first = 0; first < USERS; first += ROOM_SIZE) {
            List<String> members = new ArrayList<>();
            for (int i = first + 1; i < first + ROOM_SIZE; i++) {
                members.add("leaving-" + i);
            }
            Map<String, Object> room = new HashMap<>(Map.of("name", "room " + first, "type", "GROUP"));
            room.put("members", members);
            assertThat(rest.post("/api/rooms", userTokens.get(first), room).status()).isEqualTo(201);
        }
        URI chat = URI.create("ws://localhost:" + port + "/ws/chat");
        List<WsClient> sockets = new ArrayList<>();
        for (String token : userTokens) {
            WsClient socket = WsClient.connect(chat, Map.of("Authorization", "Bearer " + token));
            socket.expect("READY");
            sockets.add(socket);
        }
        WsClient pending = WsClient.connect(chat, Map.of());
        probe.arm(port, userTokens.get(0));
        ListAppender<ILoggingEvent> logs = captureLogs();

        try {
            node.close();
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }

        assertThat(node.isActive()).isFalse();
        assertThat(sockets).allSatisfy(socket -> assertThat(socket.awaitCloseCode()).isEqualTo(1001));
        assertThat(pending.awaitCloseCode()).isEqualTo(1001);
        assertThat(probe.handshakeStatus).isEqualTo(503);
        assertThat(probe.retryAfter).isEqualTo("1");
        assertThat(probe.readinessStatus).isEqualTo(503);
        assertThat(logs.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR)
                || mentions(event, "EntityManagerFactory is closed"));
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }

    private static boolean mentions(ILoggingEvent event, String text) {
        if (event.getFormattedMessage().contains(text)) {
            return true;
        }
        for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops right after the WebSocket endpoints (one phase below) and before the web server's graceful shutdown:
     * the moment a client dropped with 1001 tries to come back. Records what a handshake and the readiness probe
     * get then.
     */
    static final class ShutdownProbe implements SmartLifecycle {

        private static final HttpClient HTTP = HttpClient.newHttpClient();

        private volatile boolean running;
        private volatile int port;
        private volatile String token;
        volatile int handshakeStatus = -1;
        volatile String retryAfter;
        volatile int readinessStatus = -1;

        void arm(int serverPort, String accessToken) {
            port = serverPort;
            token = accessToken;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            if (token == null) {
                return;
            }
            try {
                WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                        .connectTimeout(Duration.ofSeconds(5))
                        .buildAsync(URI.create("ws://localhost:" + port + "/ws/chat"), new WebSocket.Listener() { })
                        .orTimeout(10, TimeUnit.SECONDS).join();
                socket.abort();
                handshakeStatus = 101;
            } catch (CompletionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    handshakeStatus = refused.getResponse().statusCode();
                    retryAfter = refused.getResponse().headers().firstValue("Retry-After").orElse(null);
                }
            }
            try {
                readinessStatus = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                readinessStatus = -2;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE - 1;
        }
    }
}
