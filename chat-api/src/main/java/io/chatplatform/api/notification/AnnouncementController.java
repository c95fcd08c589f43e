package io.chatplatform.api.notification;

import io.chatplatform.api.auth.AdminOnly;
import io.chatplatform.api.ratelimit.RateLimit;
import io.chatplatform.api.ratelimit.RateLimits;
import io.chatplatform.domain.notification.AnnouncementMade;
import io.chatplatform.domain.notification.AnnouncementService;
import io.chatplatform.domain.user.Actor;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Platform ADMINs announce to every open chat and notify session; 202 because nothing is stored. */
@RestController
@RequestMapping("/api/announcements")
@AdminOnly
class AnnouncementController {

    private final AnnouncementService announcements;
    private final RateLimits limits;

    AnnouncementController(AnnouncementService announcements, RateLimits limits) {
        this.announcements = announcements;
        this.limits = limits;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    AnnouncementMade announce(Actor caller, @Valid @RequestBody NewAnnouncement body) {
        limits.consume(RateLimit.NOTIFICATION_SEND_PER_USER, caller.userId());
        return announcements.announce(caller, body.body());
    }

    record NewAnnouncement(@NotBlank String body) {
    }
}
