package io.chatplatform.domain.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.room.RoomEvents;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Tells users they were added to a room by someone else: {@code ROOM_ADDED {"roomId","roomName","by"}}. */
@Component
class RoomNotifications {

    static final String ROOM_ADDED = "ROOM_ADDED";

    private final NotificationService notifications;
    private final RoomService rooms;
    private final NotificationWorker worker;

    RoomNotifications(NotificationService notifications, RoomService rooms, NotificationWorker worker) {
        this.notifications = notifications;
        this.rooms = rooms;
        this.worker = worker;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.RoomCreated event) {
        List<String> added = event.memberIds().stream().filter(userId -> !userId.equals(event.createdBy())).toList();
        if (added.isEmpty()) {
            return;
        }
        String payload = NotificationPayloads.toJson(new RoomAdded(event.roomId(), event.name(), event.createdBy()));
        worker.submit("room " + event.roomId(), () -> notifications.notify(added, ROOM_ADDED, payload));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.MemberJoined event) {
        if (event.userId().equals(event.byUserId())) {
            return;
        }
        worker.submit("room " + event.roomId(), () -> notifications.notify(List.of(event.userId()), ROOM_ADDED,
                NotificationPayloads.toJson(new RoomAdded(event.roomId(), roomName(event), event.byUserId()))));
    }

    /** Looked up as the new member sees it; null when the room went, or the member left, in the meantime. */
    private String roomName(RoomEvents.MemberJoined event) {
        try {
            return rooms.get(new Actor(event.userId(), Role.USER), event.roomId()).name();
        } catch (DomainException gone) {
            return null;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RoomAdded(Long roomId, String roomName, String by) {
    }
}
