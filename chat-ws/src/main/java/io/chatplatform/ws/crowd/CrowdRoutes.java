package io.chatplatform.ws.crowd;

import io.chatplatform.domain.crowd.CrowdService;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.FrameRouter;
import io.chatplatform.ws.session.FrameRoutes;
import org.springframework.stereotype.Component;

/**
 * {@code /ws/crowd/location}: {@code LOCATION {"lat","lng"}} records where the user is; nothing is sent back
 * unless it is refused (BAD_REQUEST, checked before any pacing: one sooner than the minimum interval waits, it is
 * never refused). When the user's last location session on this node closes, the server forgets the position at
 * once rather than waiting for it to go stale.
 */
@Component
class CrowdRoutes implements FrameRoutes {

    private final CrowdService crowd;

    CrowdRoutes(CrowdService crowd) {
        this.crowd = crowd;
    }

    @Override
    public void register(FrameRouter router) {
        router.on(Endpoint.CROWD, CrowdCommands.Location.TYPE, (session, location) ->
                crowd.updateLocation(session.actor(), location.lat(), location.lng()));
        router.onClosed(Endpoint.CROWD, (session, lastOfUser) -> {
            if (lastOfUser) {
                crowd.forget(session.userId());
            }
        });
    }
}
