package io.chatplatform.domain.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatplatform.domain.change.RoomChangeLog;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.message.MessageDeleted;
import io.chatplatform.domain.message.MessageView;
import io.chatplatform.domain.posting.MessagePosted;
import io.chatplatform.domain.room.MembershipService;
import io.chatplatform.domain.room.RoomService;
import io.chatplatform.domain.room.RoomType;
import io.chatplatform.domain.room.RoomView;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Notifications a new message causes: {@code DIRECT_MESSAGE} to the other member of a DIRECT room who has no
 * open chat session, and {@code MENTION} to members named with {@code @userId}. A recipient gets at most one of
 * the two per message, the direct message first; the sender never gets either. Only the first
 * {@code chat.notifications.max-mentions} distinct members a message names are notified: the rest are ignored,
 * not refused, so a long roll call still posts, and one message costs at most that many notifications. Thread
 * replies notify the same way, and their payloads name the thread's root ({@code threadId}).
 */
@Component
class MessageNotifications {

    static final String MENTION = "MENTION";
    static final String DIRECT_MESSAGE = "DIRECT_MESSAGE";

    private final NotificationService notifications;
    private final RoomService rooms;
    private final MembershipService memberships;
    private final OnlineUsers onlineUsers;
    private final NotificationWorker worker;
    private final int maxMentions;
    private final RoomChangeLog changes;

    MessageNotifications(NotificationService notifications, RoomService rooms, MembershipService memberships,
            OnlineUsers onlineUsers, NotificationWorker worker, NotificationProperties properties,
            RoomChangeLog changes) {
        this.changes = changes;
        this.notifications = notifications;
        this.rooms = rooms;
        this.memberships = memberships;
        this.onlineUsers = onlineUsers;
        this.worker = worker;
        this.maxMentions = properties.maxMentions();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(MessagePosted event) {
        MessageView message = event.message();
        if (event.roomType() != RoomType.DIRECT && message.body().indexOf('@') < 0) {
            return; // a group message that names nobody notifies nobody: no work, no queries
        }
        worker.submit("message " + message.messageId(), () -> notifyAbout(message));
    }

    /**
     * A deleted message's notifications forget what it said, as the message does. Queued behind the notifications
     * of the messages posted before it (one worker, event order), so those are stored by then. They went to members
     * of the room when it was posted: its members now, and those who left since.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void on(MessageDeleted event) {
        MessageView message = event.message();
        worker.submit("deleted message " + message.messageId(), () -> {
            Set<String> recipients = new LinkedHashSet<>(memberships.memberIds(message.roomId()));
            recipients.addAll(changes.leftAfter(message.roomId(), message.rev()));
            notifications.forgetExcerptsOf(message.roomId(), message.messageId(), message.sentAt(), recipients,
                    List.of(MENTION, DIRECT_MESSAGE));
        });
    }

    private void notifyAbout(MessageView message) {
        RoomView room;
        try {
            room = rooms.get(new Actor(message.senderId(), Role.USER), message.roomId());
        } catch (DomainException gone) {
            return; // the room was deleted, or the sender removed, before we got here
        }
        boolean direct = room.type() == RoomType.DIRECT;
        if (!direct && message.body().indexOf('@') < 0) {
            return;
        }
        Set<String> others = new LinkedHashSet<>(memberships.memberIds(message.roomId()));
        others.remove(message.senderId());
        Set<String> offline = new LinkedHashSet<>();
        if (direct) {
            others.stream().filter(userId -> !onlineUsers.isOnline(userId)).forEach(offline::add);
        }
        Set<String> mentioned = Mentions.resolve(message.body(), others, maxMentions);
        mentioned.removeAll(offline);
        String excerpt = Mentions.excerpt(message.body());
        if (!offline.isEmpty()) {
            notifications.notify(offline, DIRECT_MESSAGE, NotificationPayloads.toJson(new DirectMessage(
                    message.roomId(), message.messageId(), message.senderId(), excerpt, message.threadId())));
        }
        if (!mentioned.isEmpty()) {
            notifications.notify(List.copyOf(mentioned), MENTION, NotificationPayloads.toJson(new Mention(
                    message.roomId(), message.messageId(), message.seq(), message.senderId(), excerpt,
                    message.threadId())));
        }
    }

    /** {@code threadId}: the root, when the message is a thread reply (absent otherwise). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Mention(Long roomId, Long messageId, long seq, String from, String excerpt, Long threadId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DirectMessage(Long roomId, Long messageId, String from, String excerpt, Long threadId) {
    }
}
