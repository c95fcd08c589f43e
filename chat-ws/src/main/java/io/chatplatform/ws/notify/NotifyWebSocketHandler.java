package io.chatplatform.ws.notify;

import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.notification.NotificationService;
import io.chatplatform.domain.notification.NotificationView;
import io.chatplatform.ws.protocol.FrameException;
import io.chatplatform.ws.protocol.IncomingFrame;
import io.chatplatform.ws.session.ClientSession;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.EndpointHandler;
import io.chatplatform.ws.session.EndpointSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code /ws/notify}: on every authenticated open, the user's unread notifications are replayed oldest first;
 * new ones arrive live (see {@link NotificationPusher}); {@code ACK {"id"}} marks one read so that it is never
 * replayed again. The session is registered before the replay is read, so a notification created meanwhile is
 * pushed, replayed, or both, never neither: clients drop repeats by id.
 */
@Component
class NotifyWebSocketHandler extends EndpointHandler {

    private static final Logger log = LoggerFactory.getLogger(NotifyWebSocketHandler.class);

    private final NotificationService notifications;

    NotifyWebSocketHandler(EndpointSupport support, NotificationService notifications) {
        super(Endpoint.NOTIFY, support);
        this.notifications = notifications;
    }

    @Override
    protected void onFrame(ClientSession session, IncomingFrame frame) {
        if (!"ACK".equals(frame.type())) {
            throw FrameException.badRequest("unknown frame type " + frame.type(), frame.ref());
        }
        notifications.markRead(session.actor(), frame.requiredLong("id"));
    }

    @Override
    protected void onAuthenticated(ClientSession session, boolean firstOfUser) {
        try {
            for (NotificationView unread : notifications.unreadOldestFirst(session.userId())) {
                send(session, NotifyFrames.Notification.of(unread));
            }
        } catch (RuntimeException e) {
            log.error("Replaying notifications of {} failed", session.userId(), e);
            sendError(session, ErrorCode.INTERNAL, "could not replay notifications; reconnect to retry", null);
        }
    }
}
