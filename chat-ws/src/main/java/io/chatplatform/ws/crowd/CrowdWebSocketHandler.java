package io.chatplatform.ws.crowd;

import io.chatplatform.domain.crowd.CrowdService;
import io.chatplatform.ws.protocol.FrameException;
import io.chatplatform.ws.protocol.IncomingFrame;
import io.chatplatform.ws.session.ClientSession;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.EndpointHandler;
import io.chatplatform.ws.session.EndpointSupport;
import org.springframework.stereotype.Component;

/**
 * {@code /ws/crowd/location}: {@code LOCATION {"lat","lng"}} records where the user is; nothing is sent back
 * unless it is refused (BAD_REQUEST, RATE_LIMITED). When the user's last location session closes, the server
 * forgets the position at once rather than waiting for it to go stale.
 */
@Component
class CrowdWebSocketHandler extends EndpointHandler {

    private final CrowdService crowd;

    CrowdWebSocketHandler(EndpointSupport support, CrowdService crowd) {
        super(Endpoint.CROWD, support);
        this.crowd = crowd;
    }

    @Override
    protected void onFrame(ClientSession session, IncomingFrame frame) {
        if (!"LOCATION".equals(frame.type())) {
            throw FrameException.badRequest("unknown frame type " + frame.type(), frame.ref());
        }
        double lat = frame.requiredDouble("lat");
        double lng = frame.requiredDouble("lng");
        crowd.updateLocation(session.actor(), lat, lng);
    }

    @Override
    protected void onClosed(ClientSession session, boolean lastOfUser) {
        if (lastOfUser) {
            crowd.forget(session.userId());
        }
    }
}
