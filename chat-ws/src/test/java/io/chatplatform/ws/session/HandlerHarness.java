package io.chatplatform.ws.session;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.chatplatform.domain.auth.InvalidTokenException;
import io.chatplatform.domain.auth.Authenticator;
import io.chatplatform.domain.auth.VerifiedToken;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserIds;
import io.chatplatform.ws.delivery.SessionWriters;
import io.chatplatform.ws.protocol.FrameCodec;
import io.chatplatform.ws.protocol.FrameType;
import io.chatplatform.ws.protocol.IncomingFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the {@link SessionHandler} of an endpoint with the given {@link FrameRoutes} without a server or Spring:
 * the {@link EndpointSupport} it needs, a token service that knows one valid token per user ({@link #validToken}),
 * and fake sockets that record what the handler sends and how it closes them.
 */
public final class HandlerHarness implements AutoCloseable {

    public static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");
    private static final String TOKEN_PREFIX = "valid-token-of:";

    private final EndpointSupport support;
    private final Replies replies;
    private final AtomicReference<Runnable> whileVerifying = new AtomicReference<>(() -> { });
    /** Users whose tokens the fake token service now says are revoked. */
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    public HandlerHarness() {
        this(limits(1_000_000, 1_000_000, 200));
    }

    public HandlerHarness(WsProperties limits) {
        Authenticator tokens = mock(Authenticator.class, withSettings().stubOnly());
        when(tokens.authenticate(any())).thenAnswer(call -> {
            whileVerifying.get().run();
            return verify(call.getArgument(0));
        });
        when(tokens.isRevoked(any())).thenAnswer(call -> revoked.contains(
                ((VerifiedToken) call.getArgument(0)).actor().userId()));
        SessionRegistry registry = new SessionRegistry();
        FrameCodec codec = new FrameCodec(JsonMapper.builder().build());
        WsMetrics metrics = new WsMetrics(new SimpleMeterRegistry(), registry);
        support = new EndpointSupport(registry, tokens, codec, limits, Clock.systemUTC(), metrics,
                SessionWriters.inline(limits, metrics));
        replies = new Replies(codec);
        // No sweeps; and with the close pool stopped a close runs on the calling thread, so a test sees it at once.
        support.destroy();
    }

    /** The limits of the defaults, with the rate and flood settings given. */
    /** A frame type of tests' own: its record holds the parsed frame as it came, unread. */
    public static FrameType<Raw> frameType(String name) {
        return new FrameType<>(name, Raw.class, Raw::new);
    }

    public record Raw(IncomingFrame frame) {
    }

    public static WsProperties limits(double rateLimit, int rateBurst, int floodLimit) {
        return new WsProperties(List.of(), Duration.ofSeconds(10), Duration.ofSeconds(1), DataSize.ofMegabytes(1),
                DataSize.ofKilobytes(64), DataSize.ofBytes(512), false, Duration.ofSeconds(1), Duration.ofSeconds(2),
                rateLimit, rateBurst,
                floodLimit, true, 20, 2000, 2000, Duration.ofSeconds(30), Duration.ofSeconds(15), 100, 0,
                Duration.ofMillis(10));
    }

    public EndpointSupport support() {
        return support;
    }

    /** What feature routes send with: frames encoded by the harness's codec. */
    public Replies replies() {
        return replies;
    }

    /** The session handler of an endpoint whose frames and session events go to these routes. */
    public SessionHandler handler(Endpoint endpoint, FrameRoutes... routes) {
        return new SessionHandler(endpoint, support, new FrameRouter(List.of(routes)), replies);
    }

    /** Runs {@code action} inside every later token check, before the check answers (as another thread's work would). */
    public void whileVerifying(Runnable action) {
        whileVerifying.set(action);
    }

    /** From now on the user's tokens are revoked (the account was deleted). */
    public void revoke(String userId) {
        revoked.add(userId);
    }

    /** The one token the fake token service accepts for a user. */
    public static String validToken(String userId) {
        return TOKEN_PREFIX + userId;
    }

    /** The user a token of this harness names, or null when it is not one {@link #validToken} could have made. */
    public static String userOf(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return null;
        }
        String userId = token.substring(TOKEN_PREFIX.length());
        try {
            return UserIds.requireValid(userId); // as TokenService checks the sub claim
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static VerifiedToken verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("missing token");
        }
        String userId = userOf(token);
        if (userId == null) {
            throw new InvalidTokenException("invalid token");
        }
        return new VerifiedToken(new Actor(userId, Role.USER), null, FAR_FUTURE, null);
    }

    /** Opens a socket authenticated at the handshake, as by an Authorization header. */
    public Connection openAuthenticated(SessionHandler handler, String userId) {
        return open(handler, verify(validToken(userId)));
    }

    /**
     * A socket whose handshake carried a valid token of the user but has not reached the handler yet: {@link
     * Connection#establish} delivers it, so that a test can make many arrive at once.
     */
    public Connection prepareAuthenticated(SessionHandler handler, String userId) {
        Connection connection = new Connection(handler, userId);
        connection.attributes.put(HandshakeAuthInterceptor.TOKEN_ATTRIBUTE, verify(validToken(userId)));
        return connection;
    }

    /** Opens a socket without a token: the session is pending its INIT frame. */
    public Connection openPending(SessionHandler handler) {
        return open(handler, null);
    }

    private Connection open(SessionHandler handler, VerifiedToken token) {
        Connection connection = new Connection(handler, token == null ? null : token.actor().userId());
        if (token != null) {
            connection.attributes.put(HandshakeAuthInterceptor.TOKEN_ATTRIBUTE, token);
        }
        handler.afterConnectionEstablished(connection.socket);
        return connection;
    }

    @Override
    public void close() {
        support.destroy();
    }

    /** One fake socket on a handler: what it was sent, and whether and how it was closed. */
    public static final class Connection {

        private final SessionHandler handler;
        private final String userId;
        private final Map<String, Object> attributes = new HashMap<>();
        private final List<String> sent = new CopyOnWriteArrayList<>();
        private final NativeWebSocketSession socket;
        private volatile CloseStatus closeStatus;

        private Connection(SessionHandler handler, String userId) {
            this.handler = handler;
            this.userId = userId;
            RemoteEndpoint.Basic remote = mock(RemoteEndpoint.Basic.class, withSettings().stubOnly());
            Session container = mock(Session.class, withSettings().stubOnly());
            when(container.getBasicRemote()).thenReturn(remote);
            when(container.getUserProperties()).thenReturn(new HashMap<>());
            try {
                doAnswer(call -> {
                    String text = call.getArgument(0);
                    // As Tomcat does: text that has no UTF-8 form (an unpaired surrogate) is refused by the send.
                    CoderResult encoded = StandardCharsets.UTF_8.newEncoder()
                            .encode(CharBuffer.wrap(text), ByteBuffer.allocate(text.length() * 3 + 16), true);
                    if (encoded.isError()) {
                        throw new IllegalArgumentException(encoded.toString());
                    }
                    sent.add(text);
                    return null;
                }).when(remote).sendText(any(String.class));
            } catch (java.io.IOException impossible) {
                throw new IllegalStateException(impossible);
            }
            socket = mock(NativeWebSocketSession.class, withSettings().stubOnly());
            String id = UUID.randomUUID().toString();
            when(socket.getId()).thenReturn(id);
            when(socket.getAttributes()).thenReturn(attributes);
            when(socket.getNativeSession(Session.class)).thenReturn(container);
            when(socket.isOpen()).thenAnswer(call -> closeStatus == null);
            try {
                doAnswer(call -> {
                        closeStatus = call.getArgument(0);
                        return null;
                    }).when(socket).close(any(CloseStatus.class));
                } catch (java.io.IOException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }

            /** The user authenticated at the handshake, or null for a pending socket. */
            public String userId() {
                return userId;
            }

            /** Delivers a text frame to the handler, as the container would; whatever the handler throws escapes. */
            public void receive(String text) throws Exception {
                deliver(new TextMessage(text));
            }

            public void deliver(WebSocketMessage<?> message) throws Exception {
                handler.handleMessage(socket, message);
            }

            /** Every frame sent to this socket so far, oldest first. */
            public List<String> sent() {
                return List.copyOf(sent);
            }

            /** Forgets what was sent so far. */
            public void clearSent() {
                sent.clear();
            }

            /** How the server closed the socket, or null while it is open. */
            public CloseStatus closeStatus() {
                return closeStatus;
            }

            /** The container hands the upgraded socket to the handler (see {@link #prepareAuthenticated}). */
            public void establish() {
                handler.afterConnectionEstablished(socket);
            }

            /** The client goes away: the container reports the close to the handler. */
            public void disconnect() {
                handler.afterConnectionClosed(socket, closeStatus != null ? closeStatus : CloseStatus.NORMAL);
            }
        }
    }
