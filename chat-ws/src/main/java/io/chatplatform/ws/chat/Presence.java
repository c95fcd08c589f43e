package io.chatplatform.ws.chat;

import io.chatplatform.domain.notification.OnlineUsers;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.SessionRegistry;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/** Who is online: a user with at least one open {@code /ws/chat} session. */
@Component
public class Presence implements OnlineUsers {

    private final SessionRegistry registry;

    Presence(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean isOnline(String userId) {
        return registry.isOnline(Endpoint.CHAT, userId);
    }

    /** The users among {@code userIds} who are online, in the given order. */
    public List<String> onlineAmong(Collection<String> userIds) {
        return userIds.stream().filter(this::isOnline).toList();
    }
}
