package io.chatplatform.ws.session;

import io.chatplatform.domain.auth.InvalidTokenException;
import io.chatplatform.domain.auth.VerifiedToken;
import io.chatplatform.domain.common.Unavailable;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.ws.protocol.CloseCodes;
import io.chatplatform.ws.protocol.FrameException;
import io.chatplatform.ws.protocol.FrameRef;
import io.chatplatform.ws.protocol.IncomingFrame;
import io.chatplatform.ws.protocol.ServerFrame;
import io.chatplatform.ws.protocol.SessionCommands;
import io.chatplatform.ws.protocol.SessionFrames;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The life of a session on one endpoint: authenticated at the handshake or by an INIT frame within the INIT
 * timeout, announced with READY, kept alive with PING/PONG and REFRESH, and answered with an ERROR frame, never a
 * dropped connection, when a frame is bad. Every other frame type goes to the handler the endpoint's feature
 * registered with the {@link FrameRouter}; a type nobody registered is answered with ERROR BAD_REQUEST.
 */
public final class SessionHandler extends AbstractWebSocketHandler {

    /** The longest frame type an ERROR's message repeats in full. */
    static final int MAX_NAMED_TYPE = 64;

    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);
    private static final String CLIENT_SESSION = "chat.clientSession";
    private static final int MAX_DEVICE_LENGTH = 64;

    private final Endpoint endpoint;
    private final EndpointSupport support;
    private final FrameRouter router;
    private final Replies replies;

    SessionHandler(Endpoint endpoint, EndpointSupport support, FrameRouter router, Replies replies) {
        this.endpoint = endpoint;
        this.support = support;
        this.router = router;
        this.replies = replies;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        WsProperties limits = support.properties;
        ClientSession session = new ClientSession(socket, endpoint, support.outboxes, support.closer,
                support.clock.instant(), new RateLimiter(limits.rateLimit(), limits.rateBurst(), System.nanoTime()),
                support.metrics);
        socket.getAttributes().put(CLIENT_SESSION, session);
        support.registry.opened(session);
        if (support.closeIfStopping(session)) {
            return;
        }
        VerifiedToken token = (VerifiedToken) socket.getAttributes().get(HandshakeAuthInterceptor.TOKEN_ATTRIBUTE);
        if (token != null) {
            authenticate(session, token, (String) socket.getAttributes().get(HandshakeAuthInterceptor.DEVICE_ATTRIBUTE));
        } else {
            awaitInit(session, (String) socket.getAttributes().get(HandshakeAuthInterceptor.CLIENT_ADDRESS_ATTRIBUTE));
        }
        // Needed no longer (the session keeps what it uses): an idle connection should not carry them for its
        // whole life.
        socket.getAttributes().remove(HandshakeAuthInterceptor.CLIENT_ADDRESS_ATTRIBUTE);
        socket.getAttributes().remove(HandshakeAuthInterceptor.TOKEN_ATTRIBUTE);
        socket.getAttributes().remove(HandshakeAuthInterceptor.DEVICE_ATTRIBUTE);
    }

    /**
     * Counts a socket opened without a token among those waiting for INIT. A handshake flood must neither fill
     * memory with sockets that never authenticate nor, from one address, take every place of the node.
     */
    private void awaitInit(ClientSession session, String remoteAddress) {
        String clientKey = PendingSockets.clientKey(remoteAddress);
        session.markPending(clientKey);
        switch (support.pending.enter(clientKey)) {
            case ADDRESS_FULL -> session.close(
                    CloseStatus.SERVICE_OVERLOAD.withReason("too many unauthenticated sockets from your address"));
            case NODE_FULL -> session.close(CloseStatus.SERVICE_OVERLOAD.withReason("too many unauthenticated sockets"));
            case ADMITTED -> {
            }
        }
    }

    /**
     * Counts an incoming frame against the connection's rate. With pacing on, the frame that takes the last token
     * also stops the reads until the next token is in (the client's later frames wait in its socket, none is
     * refused). A frame that still finds no token (pacing off, or a container that cannot pause) is refused with
     * RATE_LIMITED naming it and saying when to resend it; a client that keeps on is cut off with 1008.
     *
     * @param text the frame, to name it when it is refused; null for a binary frame
     * @return whether the frame may be handled
     */
    private boolean admit(ClientSession session, String text) {
        long now = System.nanoTime();
        session.heard(now);
        RateLimiter limiter = session.rateLimiter();
        if (limiter.tryAcquire(now)) {
            pauseUntilNextToken(session, now);
            return true;
        }
        support.metrics.rateLimited(endpoint);
        if (limiter.refusedInARow() >= support.properties.floodLimit()) {
            session.close(CloseStatus.POLICY_VIOLATION.withReason("flooding"));
            return false;
        }
        long retryAfterMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(limiter.retryAfter(now) + 999_999));
        replies.send(session, new SessionFrames.Error(ErrorCode.RATE_LIMITED, "too many frames: slow down",
                refOf(text), retryAfterMs));
        pauseUntilNextToken(session, now);
        return false;
    }

    private void pauseUntilNextToken(ClientSession session, long now) {
        if (!support.properties.ratePacing()) {
            return;
        }
        long wait = session.rateLimiter().nanosUntilToken(now);
        if (wait > 0 && session.readPause().pauseFor(wait, support.pacer)) {
            support.metrics.readPaused(endpoint);
        }
    }

    /** What an ERROR refusing this frame names ({@link FrameRef}); nothing when it cannot be parsed. */
    private FrameRef refOf(String text) {
        if (text == null) {
            return FrameRef.NONE;
        }
        try {
            return support.codec.decode(text).answerRef();
        } catch (FrameException unparsable) {
            return unparsable.answerRef();
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession socket, PongMessage message) {
        ClientSession session = (ClientSession) socket.getAttributes().get(CLIENT_SESSION);
        if (session != null) {
            session.heard(System.nanoTime());
        }
    }

    /** Frames arrive in parts of the small read buffer; see {@link #handleTextMessage}. */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
        ClientSession session = (ClientSession) socket.getAttributes().get(CLIENT_SESSION);
        if (session == null) {
            return;
        }
        String text;
        try {
            text = session.assembler().text(message.getPayload(), message.isLast(),
                    support.properties.maxFrameSize().toBytes());
        } catch (FrameAssembler.TooLarge e) {
            session.close(CloseStatus.TOO_BIG_TO_PROCESS.withReason("frame larger than "
                    + support.properties.maxFrameSize().toKilobytes() + " KB"));
            return;
        }
        if (text != null) {
            handleFrame(session, text);
        }
    }

    private void handleFrame(ClientSession session, String text) {
        if (!admit(session, text)) {
            return;
        }
        support.metrics.frameIn(endpoint);
        if (!session.isAuthenticated()) {
            handleUnauthenticated(session, text);
            return;
        }
        IncomingFrame frame = null;
        try {
            frame = support.codec.decode(text);
            if (SessionCommands.Ping.TYPE.is(frame)) {
                send(session, new SessionFrames.Pong());
            } else if (SessionCommands.Refresh.TYPE.is(frame)) {
                refresh(session, SessionCommands.Refresh.TYPE.read(frame));
            } else if (SessionCommands.Init.TYPE.is(frame)) {
                throw FrameException.badRequest("already authenticated", frame.ref());
            } else {
                route(session, frame);
            }
        } catch (FrameException e) {
            FrameRef ref = frame == null ? e.answerRef() : frame.answerRef();
            sendError(session, e.code(), e.getMessage(), e.ref() == null ? ref : new FrameRef(e.ref(), ref.roomId()));
        } catch (RuntimeException e) { // a refusal, the database away (UNAVAILABLE) or a fault (INTERNAL)
            replies.answerFailure(session, e, frame == null ? FrameRef.NONE : frame.answerRef());
        }
    }

    private void route(ClientSession session, IncomingFrame frame) {
        FrameRouter.Route<?> route = router.route(endpoint, frame.type());
        if (route == null) {
            throw FrameException.badRequest("unknown frame type " + shortened(frame.type()), frame.ref());
        }
        route.handle(session, frame);
    }

    /**
     * A type as the ERROR's message names it: at most {@link #MAX_NAMED_TYPE} characters (whole code points), so that
     * a frame of 64 KB with a made-up type is not echoed twice, in the message and in {@code ref}.
     */
    static String shortened(String type) {
        if (type.codePointCount(0, type.length()) <= MAX_NAMED_TYPE) {
            return type;
        }
        return type.substring(0, type.offsetByCodePoints(0, MAX_NAMED_TYPE)) + "…";
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) {
        ClientSession session = (ClientSession) socket.getAttributes().get(CLIENT_SESSION);
        if (session == null) {
            return;
        }
        try {
            if (!session.assembler().binary(message.getPayloadLength(), message.isLast(),
                    support.properties.maxFrameSize().toBytes())) {
                return;
            }
        } catch (FrameAssembler.TooLarge e) {
            session.close(CloseStatus.TOO_BIG_TO_PROCESS.withReason("frame too large"));
            return;
        }
        if (!admit(session, null)) {
            return;
        }
        if (!session.isAuthenticated()) {
            session.close(CloseCodes.unauthenticated("authenticate first: send INIT with a token"));
            return;
        }
        sendError(session, ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON text", FrameRef.NONE);
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) {
        log.debug("Transport error on session {}: {}", socket.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        ClientSession session = (ClientSession) socket.getAttributes().get(CLIENT_SESSION);
        if (session == null) {
            return;
        }
        session.close(status);
        boolean last = support.registry.closed(session);
        leavePending(session);
        // A node that stops tells nobody: its users are not going offline, they are moving to another node.
        if (session.isAuthenticated() && !support.isStopping()) {
            router.closed(session, last);
        }
    }

    private void send(ClientSession session, ServerFrame frame) {
        replies.send(session, frame);
    }

    private void sendError(ClientSession session, ErrorCode code, String message, FrameRef ref) {
        replies.sendError(session, code, message, ref);
    }

    /** A pending session gets nothing but READY: anything other than a valid INIT closes it with 4401. */
    private void handleUnauthenticated(ClientSession session, String payload) {
        VerifiedToken token;
        String device;
        try {
            IncomingFrame frame = support.codec.decode(payload);
            if (!SessionCommands.Init.TYPE.is(frame)) {
                session.close(CloseCodes.unauthenticated("authenticate first: send INIT with a token"));
                return;
            }
            SessionCommands.Init init = SessionCommands.Init.TYPE.read(frame);
            token = support.tokens.authenticate(init.token());
            device = init.device();
        } catch (InvalidTokenException | FrameException e) {
            session.close(CloseCodes.unauthenticated(e.getMessage()));
            return;
        } catch (Unavailable e) {
            session.close(CloseStatus.SERVICE_OVERLOAD.withReason(e.getMessage()));
            return;
        }
        if (device != null && device.length() > MAX_DEVICE_LENGTH) {
            device = device.substring(0, MAX_DEVICE_LENGTH);
        }
        authenticate(session, token, device);
    }

    private void authenticate(ClientSession session, VerifiedToken token, String device) {
        if (support.closeIfStopping(session)) {
            return; // no READY from a node that stops: the client reconnects to one that stays
        }
        leavePending(session);
        session.authenticate(token, device);
        SessionRegistry.Admission admission = support.registry.authenticated(session,
                support.properties.maxSessionsPerUser());
        if (admission == SessionRegistry.Admission.FULL) {
            session.close(CloseStatus.POLICY_VIOLATION.withReason("too many open sessions for this user"));
            return;
        }
        if (admission == SessionRegistry.Admission.CLOSED) {
            return; // closed while its token was checked: nothing was filed, nobody is told
        }
        if (support.tokens.isRevoked(token)) {
            // Revoked (the account deleted, say) after the token was checked and before the session was filed, so
            // the revocation's sweep of open sessions did not see it: the sweep runs after this node learns of the
            // revocation, and this check after the filing, so one of the two sees the other. Refused as the
            // handshake would have refused the token a moment later: 4401.
            session.close(CloseCodes.unauthenticated("token revoked"));
            return;
        }
        router.admitted(session, admission == SessionRegistry.Admission.FIRST);
        // Filed above, so frames for the session may be queued already: READY still leaves first, and they after it.
        session.sendFirst(support.codec.encode(
                new SessionFrames.Ready(token.actor().userId(), session.id(), token.expiresAt())));
        router.authenticated(session, admission == SessionRegistry.Admission.FIRST);
    }

    private void refresh(ClientSession session, SessionCommands.Refresh frame) {
        VerifiedToken token = support.tokens.authenticate(frame.token());
        if (!token.actor().userId().equals(session.userId())) {
            session.close(CloseCodes.forbidden("REFRESH token belongs to another user"));
            return;
        }
        session.refresh(token);
        send(session, new SessionFrames.Refreshed(token.expiresAt()));
    }

    private void leavePending(ClientSession session) {
        String clientKey = session.leavePending();
        if (clientKey != null) {
            support.pending.leave(clientKey);
        }
    }
}
