package io.chatplatform.ws.crowd;

import io.chatplatform.domain.crowd.OnlineAdmins;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.ws.session.SessionRegistry;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/** The users with an ADMIN token on any open session of this node. Scans every session: alerts are rare. */
@Component
class SessionAdmins implements OnlineAdmins {

    private final SessionRegistry registry;

    SessionAdmins(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Set<String> onlineAdminIds() {
        Set<String> admins = new TreeSet<>();
        registry.forEach(session -> {
            Actor actor = session.actor();
            if (actor != null && actor.isPlatformAdmin()) {
                admins.add(actor.userId());
            }
        });
        return admins;
    }
}
