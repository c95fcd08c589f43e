package io.chatplatform.ws.delivery;

import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.SessionRegistry;
import java.util.Collection;
import java.util.List;

/** Presence of a single node: its own registry is the whole truth. */
public class LocalPresence implements Presence {

    private final SessionRegistry registry;

    public LocalPresence(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean isOnline(String userId) {
        return registry.isOnline(Endpoint.CHAT, userId);
    }

    @Override
    public List<String> onlineAmong(Collection<String> userIds) {
        return userIds.stream().filter(this::isOnline).toList();
    }

    @Override
    public boolean cameOnline(String userId) {
        return true;
    }

    @Override
    public boolean wentOffline(String userId) {
        return true;
    }
}
