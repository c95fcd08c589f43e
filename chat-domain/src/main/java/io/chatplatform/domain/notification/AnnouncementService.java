package io.chatplatform.domain.notification;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.Texts;
import io.chatplatform.domain.user.Actor;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** Platform ADMINs announce to everyone connected; announcements are pushed once and never stored. */
@Service
public class AnnouncementService {

    static final int MAX_BODY_LENGTH = 4000;

    private final ApplicationEventPublisher events;
    private final Clock clock;

    AnnouncementService(ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    public AnnouncementMade announce(Actor caller, String body) {
        if (!caller.isPlatformAdmin()) {
            throw DomainException.forbidden("only a platform ADMIN may make announcements");
        }
        if (body == null || body.isBlank()) {
            throw DomainException.badRequest("body must not be blank");
        }
        if (body.length() > MAX_BODY_LENGTH) {
            throw DomainException.badRequest("body must be at most " + MAX_BODY_LENGTH + " characters");
        }
        Texts.requireStorable("body", body);
        AnnouncementMade announcement = new AnnouncementMade(body, clock.instant());
        events.publishEvent(announcement);
        return announcement;
    }
}
