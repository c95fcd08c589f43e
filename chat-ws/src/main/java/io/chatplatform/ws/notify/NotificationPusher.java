package io.chatplatform.ws.notify;

import io.chatplatform.domain.notification.AnnouncementMade;
import io.chatplatform.domain.notification.NotificationCreated;
import io.chatplatform.domain.notification.NotificationView;
import io.chatplatform.ws.delivery.Broadcaster;
import io.chatplatform.ws.session.Endpoint;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Pushes stored notifications to their user's /ws/notify sessions, and announcements to everyone. */
@Component
class NotificationPusher {

    private final Broadcaster broadcaster;

    NotificationPusher(Broadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(NotificationCreated event) {
        NotificationView notification = event.notification();
        broadcaster.toUser(Endpoint.NOTIFY, notification.userId(), NotifyFrames.Notification.of(notification));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(AnnouncementMade event) {
        broadcaster.toAll(new NotifyFrames.Announcement(event.body(), event.createdAt()), Endpoint.CHAT, Endpoint.NOTIFY);
    }
}
