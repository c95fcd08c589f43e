package io.chatplatform.domain.push;

import io.chatplatform.domain.notification.NotificationCreated;
import io.chatplatform.domain.notification.NotificationView;
import io.chatplatform.domain.notification.OnlineUsers;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Pushes every stored notification (a direct message, a mention, any other kind) to each push subscription of its
 * user, when that user has no open chat socket anywhere in the cluster ({@link OnlineUsers}): someone looking at
 * the chat needs no phone buzzing as well. Runs after the notification's commit; the lookups and the sending happen
 * on the {@link PushDispatcher}'s threads, never on the thread that stored the notification.
 */
@Component
class PushNotifier {

    private static final Set<String> URGENT = Set.of("DIRECT_MESSAGE", "MENTION");

    private final PushService subscriptions;
    private final OnlineUsers onlineUsers;
    private final PushDispatcher dispatcher;
    private final PushProperties properties;

    PushNotifier(PushService subscriptions, OnlineUsers onlineUsers, PushDispatcher dispatcher,
            PushProperties properties) {
        this.subscriptions = subscriptions;
        this.onlineUsers = onlineUsers;
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(NotificationCreated event) {
        if (!properties.enabled()) {
            return;
        }
        NotificationView notification = event.notification();
        dispatcher.submit(() -> {
            if (onlineUsers.isOnline(notification.userId())) {
                return;
            }
            String urgency = URGENT.contains(notification.kind()) ? "high" : "normal";
            for (PushSubscriptionView subscription : subscriptions.subscriptionsOf(notification.userId())) {
                dispatcher.deliver(subscription,
                        new PushMessage(PushPayloads.of(notification, subscription.previews()), properties.ttl(), urgency));
            }
        });
    }
}
