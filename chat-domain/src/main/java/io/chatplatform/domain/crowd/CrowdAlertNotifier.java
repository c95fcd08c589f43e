package io.chatplatform.domain.crowd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatplatform.domain.notification.NotificationPayloads;
import io.chatplatform.domain.notification.NotificationService;
import io.chatplatform.domain.user.UserService;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Leaves a {@code CROWD_ALERT} notification for every platform ADMIN when a zone alerts, so that an ADMIN who is
 * not watching the crowd socket learns of it on the next /ws/notify connect. "Every ADMIN" is the local ADMIN
 * accounts and whoever is connected with an ADMIN token right now.
 */
@Component
class CrowdAlertNotifier {

    static final String CROWD_ALERT = "CROWD_ALERT";

    private final NotificationService notifications;
    private final UserService users;
    private final OnlineAdmins onlineAdmins;
    private final ZoneService zones;

    CrowdAlertNotifier(NotificationService notifications, UserService users, OnlineAdmins onlineAdmins,
            ZoneService zones) {
        this.notifications = notifications;
        this.users = users;
        this.onlineAdmins = onlineAdmins;
        this.zones = zones;
    }

    /** Alerts are published outside transactions, on the crowd event thread; this runs there at once. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(CrowdEvents.CrowdAlertRaised alert) {
        Set<String> admins = new TreeSet<>(users.knownAdminIds());
        admins.addAll(onlineAdmins.onlineAdminIds());
        if (admins.isEmpty()) {
            return;
        }
        String zoneName = zones.nameOf(alert.zoneId()).orElse(null);
        notifications.notify(admins, CROWD_ALERT, NotificationPayloads.toJson(
                new CrowdAlert(alert.zoneId(), zoneName, alert.count(), alert.threshold())));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CrowdAlert(Long zoneId, String zoneName, int count, int threshold) {
    }
}
