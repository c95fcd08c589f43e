package io.chatplatform.ws.crowd;

import io.chatplatform.domain.crowd.CrowdEvents.CrowdAlertCleared;
import io.chatplatform.domain.crowd.CrowdEvents.CrowdAlertRaised;
import io.chatplatform.domain.user.Role;
import io.chatplatform.ws.delivery.Broadcaster;
import io.chatplatform.ws.protocol.ServerFrame;
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
        toAdmins(alert.zoneId(), alert.zoneSeq(),
                new CrowdFrames.Alert(alert.zoneId(), alert.count(), alert.threshold()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CrowdAlertCleared cleared) {
        toAdmins(cleared.zoneId(), cleared.zoneSeq(), new CrowdFrames.Cleared(cleared.zoneId(), cleared.count()));
    }

    /**
     * In a cluster two nodes may decide one zone's alert and its clear a moment apart: numbered by the shared
     * ledger, each node hands them to its sessions in that order, not its own first and the other's a Redis round
     * trip later.
     */
    private void toAdmins(Long zoneId, long zoneSeq, ServerFrame frame) {
        if (zoneSeq > 0) {
            broadcaster.toRoleInOrder(Endpoint.CROWD, Role.ADMIN, zoneId, zoneSeq, frame);
        } else {
            broadcaster.toRole(Endpoint.CROWD, Role.ADMIN, frame);
        }
    }
}
