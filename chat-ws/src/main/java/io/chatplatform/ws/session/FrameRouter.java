package io.chatplatform.ws.session;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.ws.protocol.IncomingFrame;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Which handler takes a frame type on an endpoint, and who hears of sessions opening and closing. Feature packages
 * fill it through {@link FrameRoutes} while it is built; after that it is only read, from any socket's thread,
 * without locks. The session's own frames (INIT, PING, REFRESH) are {@link SessionHandler}'s and cannot be
 * registered; a type nobody registered is answered by {@link SessionHandler} with ERROR BAD_REQUEST.
 */
@Component
public class FrameRouter {

    /** Handles one frame of an authenticated session; throw a {@link DomainException} to answer with ERROR. */
    @FunctionalInterface
    public interface FrameHandler {
        void handle(ClientSession session, IncomingFrame frame);
    }

    /**
     * Hears of an authenticated session: {@code onlyOne} tells, on opening, whether it is the user's first open
     * session of the endpoint on this node, and on closing, whether it was the last.
     */
    @FunctionalInterface
    public interface SessionListener {
        void on(ClientSession session, boolean onlyOne);
    }

    private static final Set<String> SESSION_TYPES = Set.of("INIT", "PING", "REFRESH");

    private final Map<Endpoint, Map<String, FrameHandler>> handlers = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, List<SessionListener>> authenticated = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, List<SessionListener>> closed = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, List<SessionListener>> admitted = new EnumMap<>(Endpoint.class);
    private boolean built;

    FrameRouter(List<FrameRoutes> features) {
        for (Endpoint endpoint : Endpoint.values()) {
            handlers.put(endpoint, new HashMap<>());
            authenticated.put(endpoint, new ArrayList<>());
            closed.put(endpoint, new ArrayList<>());
            admitted.put(endpoint, new ArrayList<>());
        }
        features.forEach(feature -> feature.register(this));
        built = true;
    }

    /** Routes frames of {@code type} on {@code endpoint} to {@code handler}; one handler per type and endpoint. */
    public void on(Endpoint endpoint, String type, FrameHandler handler) {
        requireBuilding();
        if (SESSION_TYPES.contains(type)) {
            throw new IllegalArgumentException(type + " frames belong to the session, not to a feature");
        }
        if (handlers.get(endpoint).putIfAbsent(type, handler) != null) {
            throw new IllegalStateException(type + " frames of " + endpoint + " already have a handler");
        }
    }

    /**
     * Called once a session is authenticated and filed, before READY is queued, on the thread that authenticated it:
     * for what a client may count on once it has READY. Keep it short: the handshake waits.
     */
    public void onAdmitted(Endpoint endpoint, SessionListener listener) {
        requireBuilding();
        admitted.get(endpoint).add(listener);
    }

    /** Called once a session is authenticated, after READY was queued, on the thread that authenticated it. */
    public void onAuthenticated(Endpoint endpoint, SessionListener listener) {
        requireBuilding();
        authenticated.get(endpoint).add(listener);
    }

    /** Called once an authenticated session has closed. */
    public void onClosed(Endpoint endpoint, SessionListener listener) {
        requireBuilding();
        closed.get(endpoint).add(listener);
    }

    /** @return the handler of a frame type on an endpoint, or null when none was registered */
    FrameHandler handler(Endpoint endpoint, String type) {
        return handlers.get(endpoint).get(type);
    }

    void admitted(ClientSession session, boolean firstOfUser) {
        for (SessionListener listener : admitted.get(session.endpoint())) {
            listener.on(session, firstOfUser);
        }
    }

    void authenticated(ClientSession session, boolean firstOfUser) {
        for (SessionListener listener : authenticated.get(session.endpoint())) {
            listener.on(session, firstOfUser);
        }
    }

    void closed(ClientSession session, boolean lastOfUser) {
        for (SessionListener listener : closed.get(session.endpoint())) {
            listener.on(session, lastOfUser);
        }
    }

    private void requireBuilding() {
        if (built) {
            throw new IllegalStateException("routes are registered at startup, through FrameRoutes");
        }
    }
}
