package io.chatplatform.ws.crowd;

import io.chatplatform.domain.crowd.OnlineAdmins;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.FrameRouter;
import io.chatplatform.ws.session.FrameRoutes;
import io.chatplatform.ws.session.SessionRegistry;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The users with an ADMIN token on any open session of this node, and in a cluster of every node (through the
 * {@link RedisAdminRoster}). Scans every session: alerts are rare.
 */
@Component
class SessionAdmins implements OnlineAdmins, FrameRoutes {

    private final SessionRegistry registry;
    private final RedisAdminRoster cluster;

    SessionAdmins(SessionRegistry registry, ObjectProvider<RedisAdminRoster> cluster) {
        this.registry = registry;
        this.cluster = cluster.getIfAvailable();
    }

    @Override
    public void register(FrameRouter router) {
        if (cluster == null) {
            return;
        }
        for (Endpoint endpoint : Endpoint.values()) {
            router.onAuthenticated(endpoint, (session, firstOfUser) -> {
                Actor actor = session.actor();
                if (actor != null && actor.isPlatformAdmin()) {
                    cluster.seen(actor.userId());
                }
            });
        }
    }

    @Override
    public Set<String> onlineAdminIds() {
        Set<String> admins = new TreeSet<>();
        if (cluster != null) {
            admins.addAll(cluster.online());
        }
        registry.forEach(session -> {
            Actor actor = session.actor();
            if (actor != null && actor.isPlatformAdmin()) {
                admins.add(actor.userId());
            }
        });
        return admins;
    }
}
