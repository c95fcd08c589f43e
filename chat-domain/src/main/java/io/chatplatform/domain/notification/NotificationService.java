package io.chatplatform.domain.notification;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.user.AccountDeleted;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.UserIds;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores notifications and hands them out. A notification is committed before anyone is told
 * ({@link NotificationCreated} fires after commit), and it stays unread, and so replayed on every /ws/notify
 * connect, until its user acknowledges it: nothing is lost to a restart or a closed socket.
 */
@Service
public class NotificationService {

    private static final Pattern KIND = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    /** Bind parameters of one IN list of users. */
    private static final int USERS_PER_QUERY = 500;

    private final NotificationRepository notifications;
    private final NotificationProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    NotificationService(NotificationRepository notifications, NotificationProperties properties,
            ApplicationEventPublisher events, Clock clock) {
        this.notifications = notifications;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Stores one notification per listed user (repeats count once) and tells each after commit. Runs in a
     * transaction of its own, so that after-commit listeners of other changes may call it.
     *
     * @param payloadJson the payload as JSON text; any JSON value, normally an object
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public List<NotificationView> notify(Collection<String> userIds, String kind, String payloadJson) {
        Set<String> recipients = recipients(userIds);
        String validKind = validKind(kind);
        String payload = NotificationPayloads.normalize(payloadJson);
        if (payload.length() > properties.maxPayloadLength()) {
            throw DomainException.badRequest("payload must be at most " + properties.maxPayloadLength()
                    + " characters of JSON");
        }
        Instant now = clock.instant();
        List<NotificationView> stored = new ArrayList<>(recipients.size());
        for (String userId : recipients) {
            NotificationView view = notifications.save(new Notification(userId, validKind, payload, now)).view();
            stored.add(view);
            events.publishEvent(new NotificationCreated(view));
        }
        return stored;
    }

    /**
     * A message was deleted: the notifications about it that quote it forget what it said, as the message does
     * (their {@code excerpt} becomes empty, and they say {@code "deleted":true}). Such notifications went to members
     * of its room, at or after it was sent; {@code recipients} are asked in slices of {@value #USERS_PER_QUERY}, each
     * read served by the (user, time) index.
     *
     * @return how many notifications were changed
     */
    @Transactional
    public int forgetExcerptsOf(Long roomId, Long messageId, Instant sentAt, Collection<String> recipients,
            Collection<String> kinds) {
        List<String> users = List.copyOf(new LinkedHashSet<>(recipients));
        int changed = 0;
        for (int from = 0; from < users.size(); from += USERS_PER_QUERY) {
            for (Notification notification : notifications.findByUserIdInAndKindInAndCreatedAtGreaterThanEqual(
                    users.subList(from, Math.min(users.size(), from + USERS_PER_QUERY)), kinds, sentAt)) {
                String redacted = NotificationPayloads.withoutExcerpt(notification.payload(), roomId, messageId);
                if (redacted != null) {
                    notification.redact(redacted);
                    changed++;
                }
            }
        }
        return changed;
    }

    /** {@link #notify}, on behalf of a caller who must be a platform ADMIN. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public List<NotificationView> send(Actor caller, Collection<String> userIds, String kind, String payloadJson) {
        if (!caller.isPlatformAdmin()) {
            throw DomainException.forbidden("only a platform ADMIN may send notifications");
        }
        return notify(userIds, kind, payloadJson);
    }

    /** What a /ws/notify session replays when it opens: the user's unread notifications, oldest first, bounded. */
    @Transactional(readOnly = true)
    public List<NotificationView> unreadOldestFirst(String userId) {
        return views(notifications.findByUserIdAndReadAtIsNullOrderByCreatedAtAscIdAsc(userId,
                Limit.of(properties.replayLimit())));
    }

    /** The caller's own notifications, newest first, optionally only the unread ones. */
    @Transactional(readOnly = true)
    public List<NotificationView> list(Actor caller, boolean unreadOnly, Integer limit) {
        Limit page = Limit.of(pageSize(limit));
        return views(unreadOnly
                ? notifications.findByUserIdAndReadAtIsNullOrderByCreatedAtDescIdDesc(caller.userId(), page)
                : notifications.findByUserIdOrderByCreatedAtDescIdDesc(caller.userId(), page));
    }

    /**
     * The caller acknowledges one of their own notifications; it is never replayed again. Someone else's
     * notification is answered exactly like a missing one, so ids reveal nothing.
     */
    @Transactional
    public NotificationView markRead(Actor caller, Long id) {
        if (id == null) {
            throw DomainException.badRequest("id is required");
        }
        Notification notification = notifications.findByIdAndUserId(id, caller.userId())
                .orElseThrow(() -> DomainException.notFound("notification " + id + " does not exist"));
        notification.markRead(clock.instant());
        return notification.view();
    }

    /**
     * A deleted user's notifications go with the account, in the deleting transaction: they were addressed to that
     * person, not to whoever may hold the id next.
     */
    @EventListener
    @Transactional
    void on(AccountDeleted deleted) {
        notifications.deleteByUserId(deleted.userId());
    }

    private Set<String> recipients(Collection<String> userIds) {
        if (userIds == null || userIds.isEmpty()) {
            throw DomainException.badRequest("userIds must name at least one user");
        }
        Set<String> recipients = new LinkedHashSet<>();
        for (String userId : userIds) {
            recipients.add(UserIds.requireValid(userId));
        }
        if (recipients.size() > properties.maxRecipients()) {
            throw DomainException.badRequest("at most " + properties.maxRecipients() + " users per notification");
        }
        return recipients;
    }

    private static String validKind(String kind) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw DomainException.badRequest("kind must be 1 to 64 letters, digits, '_', '.', ':' or '-'");
        }
        return kind;
    }

    private int pageSize(Integer limit) {
        if (limit == null) {
            return Math.min(50, properties.listLimit());
        }
        if (limit < 1) {
            throw DomainException.badRequest("limit must be positive");
        }
        return Math.min(limit, properties.listLimit());
    }

    private static List<NotificationView> views(List<Notification> found) {
        return found.stream().map(Notification::view).toList();
    }
}
