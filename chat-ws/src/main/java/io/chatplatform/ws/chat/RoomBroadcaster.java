package io.chatplatform.ws.chat;

import io.chatplatform.domain.message.MessageDeleted;
import io.chatplatform.domain.message.MessageEdited;
import io.chatplatform.domain.message.MessagePosted;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.room.RoomEvents;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.ws.session.Broadcaster;
import io.chatplatform.ws.session.Endpoint;
import io.chatplatform.ws.session.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Pushes room events to the {@code /ws/chat} sessions of the room's members once the change is committed. Each
 * frame is encoded once per event.
 */
@Component
public class RoomBroadcaster {

    private final RoomService rooms;
    private final Broadcaster broadcaster;

    RoomBroadcaster(RoomService rooms, Broadcaster broadcaster) {
        this.rooms = rooms;
        this.broadcaster = broadcaster;
    }

    /** Sends a frame to every open chat session of every current member of the room. */
    public void broadcastToRoom(Long roomId, ServerFrame frame) {
        broadcaster.toUsers(Endpoint.CHAT, rooms.memberIds(roomId), frame);
    }

    /** Tells the other members that {@code userId} is typing; not stored. */
    void typing(Long roomId, String userId) {
        broadcaster.toUsers(Endpoint.CHAT, othersThan(userId, rooms.memberIds(roomId)),
                new ChatFrames.Typing(roomId, userId));
    }

    /** Tells everyone who shares a room with {@code userId} that the user came online or went offline. */
    void presence(String userId, boolean online) {
        broadcaster.toUsers(Endpoint.CHAT, othersThan(userId, rooms.contactsOf(userId)),
                new ChatFrames.Presence(userId, online));
    }

    private static List<String> othersThan(String userId, List<String> userIds) {
        List<String> others = new ArrayList<>(userIds);
        others.remove(userId);
        return others;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(MessagePosted event) {
        broadcastToRoom(event.message().roomId(), MessageFrame.of(event.message()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(MessageEdited event) {
        MessageView message = event.message();
        broadcastToRoom(message.roomId(), new ChatFrames.MessageUpdated(message.roomId(), message.messageId(),
                message.seq(), message.body(), message.editedAt()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(MessageDeleted event) {
        MessageView message = event.message();
        broadcastToRoom(message.roomId(), new ChatFrames.MessageDeleted(message.roomId(), message.messageId(),
                message.seq(), message.deletedAt()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.RoomCreated event) {
        broadcaster.toUsers(Endpoint.CHAT, event.memberIds(),
                new ChatFrames.RoomCreated(event.roomId(), event.name(), event.type(), event.createdBy()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.MemberJoined event) {
        broadcastToRoom(event.roomId(), new ChatFrames.MemberJoined(event.roomId(), event.userId(), event.role()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.MemberRoleChanged event) {
        broadcastToRoom(event.roomId(), new ChatFrames.MemberUpdated(event.roomId(), event.userId(), event.role()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.MemberLeft event) {
        List<String> recipients = new ArrayList<>(rooms.memberIds(event.roomId()));
        recipients.add(event.userId());
        broadcaster.toUsers(Endpoint.CHAT, recipients, new ChatFrames.MemberLeft(event.roomId(), event.userId()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.ReadMarkerMoved event) {
        broadcastToRoom(event.roomId(), new ChatFrames.Read(event.roomId(), event.userId(), event.seq()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.RoomUpdated event) {
        broadcastToRoom(event.roomId(), new ChatFrames.RoomUpdated(event.roomId(), event.name()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomEvents.RoomDeleted event) {
        broadcaster.toUsers(Endpoint.CHAT, event.formerMemberIds(), new ChatFrames.RoomDeleted(event.roomId()));
    }
}
