package io.chatplatform.api.notification;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.chatplatform.api.auth.AdminOnly;
import io.chatplatform.api.ratelimit.RateLimit;
import io.chatplatform.api.ratelimit.RateLimits;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.notification.NotificationService;
import io.chatplatform.domain.notification.NotificationView;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.ws.protocol.FiniteNumbers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The caller's own notifications; sending them to anyone is for platform ADMINs. */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

    private final NotificationService notifications;
    private final RateLimits limits;

    NotificationController(NotificationService notifications, RateLimits limits) {
        this.notifications = notifications;
        this.limits = limits;
    }

    /** Newest first; {@code unread=true} leaves out the acknowledged ones. */
    @GetMapping
    List<NotificationResponse> mine(Actor caller, @RequestParam(defaultValue = "false") boolean unread,
            @RequestParam(required = false) Integer limit) {
        return notifications.list(caller, unread, limit).stream().map(NotificationResponse::of).toList();
    }

    @PostMapping("/{id}/read")
    NotificationResponse read(Actor caller, @PathVariable Long id) {
        return NotificationResponse.of(notifications.markRead(caller, id));
    }

    @AdminOnly
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    List<NotificationResponse> send(Actor caller, @Valid @RequestBody NewNotification body) {
        if (!FiniteNumbers.everyNumberFinite(body.payload())) {
            throw DomainException.badRequest("payload holds a number too large for a double");
        }
        limits.consume(RateLimit.NOTIFICATION_SEND_PER_USER, caller.userId());
        return notifications.send(caller, body.userIds(), body.kind(), body.payload().toString()).stream()
                .map(NotificationResponse::of).toList();
    }

    record NewNotification(@NotEmpty @Size(max = 10_000) List<@NotBlank @Size(max = 128) String> userIds,
            @NotBlank @Size(max = 64) String kind, @NotNull JsonNode payload) {
    }

    /** {@code payload} is written as the JSON value it is, not as a string. */
    record NotificationResponse(Long id, String userId, String kind, @JsonRawValue String payload,
            Instant createdAt, Instant readAt) {

        static NotificationResponse of(NotificationView view) {
            return new NotificationResponse(view.id(), view.userId(), view.kind(), view.payload(), view.createdAt(),
                    view.readAt());
        }
    }
}
