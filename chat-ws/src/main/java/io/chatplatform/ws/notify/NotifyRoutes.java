package io.chatplatform.ws.notify;

import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.notification.NotificationService;
import io.chatplatform.domain.notification.NotificationView;
import io.chatplatform.ws.session.ClientSession;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.FrameRouter;
import io.chatplatform.ws.session.FrameRoutes;
import io.chatplatform.ws.session.Replies;
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
class NotifyRoutes implements FrameRoutes {

    private static final Logger log = LoggerFactory.getLogger(NotifyRoutes.class);

    private final Replies replies;
    private final NotificationService notifications;

    NotifyRoutes(Replies replies, NotificationService notifications) {
        this.replies = replies;
        this.notifications = notifications;
    }

    @Override
    public void register(FrameRouter router) {
        router.on(Endpoint.NOTIFY, "ACK", (session, frame) ->
                notifications.markRead(session.actor(), frame.requiredLong("id")));
        router.onAuthenticated(Endpoint.NOTIFY, (session, firstOfUser) -> replayUnread(session));
    }

    private void replayUnread(ClientSession session) {
        try {
            for (NotificationView unread : notifications.unreadOldestFirst(session.userId())) {
                replies.send(session, NotifyFrames.Notification.of(unread));
            }
        } catch (RuntimeException e) {
            log.error("Replaying notifications of {} failed", session.userId(), e);
            replies.sendError(session, ErrorCode.INTERNAL, "could not replay notifications; reconnect to retry", null);
        }
    }
}
