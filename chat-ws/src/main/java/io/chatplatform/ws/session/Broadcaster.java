package io.chatplatform.ws.session;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Hands one encoded frame to the sessions of many users. Encoding happens once per frame, never per recipient.
 */
@Component
public class Broadcaster {

    private final SessionRegistry registry;
    private final FrameCodec codec;

    Broadcaster(SessionRegistry registry, FrameCodec codec) {
        this.registry = registry;
        this.codec = codec;
    }

    /** Sends a frame to every open session of each listed user on one endpoint. */
    public void toUsers(Endpoint endpoint, Collection<String> userIds, ServerFrame frame) {
        if (userIds.isEmpty()) {
            return;
        }
        String text = codec.encode(frame);
        for (String userId : userIds) {
            for (ClientSession session : registry.sessionsOf(endpoint, userId)) {
                session.send(text);
            }
        }
    }

    /** Sends a frame to every open session of one user on one endpoint. */
    public void toUser(Endpoint endpoint, String userId, ServerFrame frame) {
        toUsers(endpoint, List.of(userId), frame);
    }

    /** Sends a frame to every open, authenticated session of one endpoint. */
    public void toAll(Endpoint endpoint, ServerFrame frame) {
        String text = codec.encode(frame);
        registry.forEachAuthenticated(endpoint, session -> session.send(text));
    }

    /**
     * Sends a frame to every open, authenticated session of the listed endpoints that {@code recipients} accepts,
     * judged at send time (a REFRESH may have changed a session's role).
     */
    public void toAllMatching(Predicate<ClientSession> recipients, ServerFrame frame, Endpoint... endpoints) {
        String text = codec.encode(frame);
        for (Endpoint endpoint : endpoints) {
            registry.forEachAuthenticated(endpoint, session -> {
                if (recipients.test(session)) {
                    session.send(text);
                }
            });
        }
    }
}
