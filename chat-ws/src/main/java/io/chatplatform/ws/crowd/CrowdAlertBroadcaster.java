package io.chatplatform.ws.crowd;

import io.chatplatform.domain.crowd.CrowdEvents.CrowdAlertCleared;
import io.chatplatform.domain.crowd.CrowdEvents.CrowdAlertRaised;
import io.chatplatform.domain.user.Role;
import io.chatplatform.ws.delivery.Broadcaster;
import io.chatplatform.ws.session.Endpoint;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Pushes crowd alerts to the location sessions of platform ADMINs. The filter runs on the server for every
 * frame: a USER session is never sent one, whatever it asks for.
 */
@Component
class CrowdAlertBroadcaster {

    private final Broadcaster broadcaster;

    CrowdAlertBroadcaster(Broadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CrowdAlertRaised alert) {
        broadcaster.toRole(Endpoint.CROWD, Role.ADMIN,
                new CrowdFrames.Alert(alert.zoneId(), alert.count(), alert.threshold()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CrowdAlertCleared cleared) {
        broadcaster.toRole(Endpoint.CROWD, Role.ADMIN, new CrowdFrames.Cleared(cleared.zoneId(), cleared.count()));
    }
}
