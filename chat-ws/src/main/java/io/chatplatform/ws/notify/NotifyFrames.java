package io.chatplatform.ws.notify;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.chatplatform.domain.notification.NotificationView;
import io.chatplatform.ws.protocol.ServerFrame;
import java.time.Instant;

/** The frames {@code /ws/notify} sends; ANNOUNCEMENT goes to {@code /ws/chat} sessions too. */
final class NotifyFrames {

    private NotifyFrames() {
    }

    /** {@code payload} is the stored JSON, written as a JSON value, not as a string (the domain validated it). */
    @JsonTypeName("NOTIFICATION")
    record Notification(Long id, String kind, @JsonRawValue String payload, Instant createdAt) implements ServerFrame {

        static Notification of(NotificationView view) {
            return new Notification(view.id(), view.kind(), view.payload(), view.createdAt());
        }
    }

    @JsonTypeName("ANNOUNCEMENT")
    record Announcement(String body, Instant createdAt) implements ServerFrame {
    }
}
