package io.chatplatform.ws.session;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.ws.protocol.FrameType;
import io.chatplatform.ws.protocol.IncomingFrame;
import io.chatplatform.ws.protocol.SessionCommands;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Which handler takes a frame type on an endpoint, and who hears of sessions opening and closing. Feature packages
 * fill it through {@link FrameRoutes} while it is built; after that it is only read, from any socket's thread,
 * without locks. A handler is registered by {@link FrameType} and receives the frame read into that type's record,
 * so a frame with a missing or wrongly typed field is answered with BAD_REQUEST before any handler runs. The
 * session's own frames ({@link SessionCommands}) are {@link SessionHandler}'s and cannot be registered; a type
 * nobody registered is answered by {@link SessionHandler} with ERROR BAD_REQUEST.
 */
@Component
public class FrameRouter {

    /** Handles one frame of an authenticated session; throw a {@link DomainException} to answer with ERROR. */
    @FunctionalInterface
    public interface FrameHandler<T> {
        void handle(ClientSession session, T frame);
    }

    /** A frame type and its handler: reads the frame into the type's record and hands it over. */
    record Route<T extends Record>(FrameType<T> type, FrameHandler<T> handler) {

        void handle(ClientSession session, IncomingFrame frame) {
            handler.handle(session, type.read(frame));
        }
    }

    /**
     * Hears of an authenticated session: {@code onlyOne} tells, on opening, whether it is the user's first open
     * session of the endpoint on this node, and on closing, whether it was the last.
     */
    @FunctionalInterface
    public interface SessionListener {
        void on(ClientSession session, boolean onlyOne);
    }

    private static final Set<String> SESSION_TYPES = SessionCommands.types().stream().map(FrameType::name)
            .collect(Collectors.toUnmodifiableSet());

    private final Map<Endpoint, Map<String, Route<?>>> routes = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, List<SessionListener>> authenticated = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, List<SessionListener>> closed = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, List<SessionListener>> admitted = new EnumMap<>(Endpoint.class);
    private boolean built;

    FrameRouter(List<FrameRoutes> features) {
        for (Endpoint endpoint : Endpoint.values()) {
            routes.put(endpoint, new LinkedHashMap<>());
            authenticated.put(endpoint, new ArrayList<>());
            closed.put(endpoint, new ArrayList<>());
            admitted.put(endpoint, new ArrayList<>());
        }
        features.forEach(feature -> feature.register(this));
        built = true;
    }

    /** Routes frames of {@code type} on {@code endpoint} to {@code handler}; one handler per type and endpoint. */
    public <T extends Record> void on(Endpoint endpoint, FrameType<T> type, FrameHandler<T> handler) {
        requireBuilding();
        if (SESSION_TYPES.contains(type.name())) {
            throw new IllegalArgumentException(type.name() + " frames belong to the session, not to a feature");
        }
        if (routes.get(endpoint).putIfAbsent(type.name(), new Route<>(type, handler)) != null) {
            throw new IllegalStateException(type.name() + " frames of " + endpoint + " already have a handler");
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

    /** The frame types features handle on {@code endpoint}, in the order they were registered. */
    public List<FrameType<?>> frameTypes(Endpoint endpoint) {
        List<FrameType<?>> types = new ArrayList<>();
        routes.get(endpoint).values().forEach(route -> types.add(route.type()));
        return Collections.unmodifiableList(types);
    }

    /** @return the route of a frame type on an endpoint, or null when none was registered */
    Route<?> route(Endpoint endpoint, String type) {
        return routes.get(endpoint).get(type);
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
