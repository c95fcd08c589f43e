package io.chatplatform.api.push;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.push.PushService;
import io.chatplatform.domain.push.PushSubscriptionView;
import io.chatplatform.domain.user.Actor;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Web Push: the key a browser subscribes with, and the caller's subscriptions. A subscription is posted in the
 * shape of the browser's {@code PushSubscription.toJSON()}, plus an optional {@code previews} flag (default true).
 */
@RestController
@RequestMapping("/api/push")
class PushController {

    private final PushService push;

    PushController(PushService push) {
        this.push = push;
    }

    @GetMapping("/vapid-public-key")
    VapidPublicKey vapidPublicKey() {
        return new VapidPublicKey(push.vapidPublicKey());
    }

    @GetMapping("/subscriptions")
    List<SubscriptionResponse> mine(Actor caller) {
        return push.list(caller).stream().map(SubscriptionResponse::of).toList();
    }

    /** 201 with the subscription; posting the same endpoint again renews it (new keys, flag, owner). */
    @PostMapping("/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    SubscriptionResponse subscribe(Actor caller, @Valid @RequestBody NewSubscription body) {
        return SubscriptionResponse.of(push.subscribe(caller, body.endpoint(), body.keys().p256dh(),
                body.keys().auth(), body.previews() == null || body.previews()));
    }

    /** 204; the endpoint comes as {@code ?endpoint=} or in a body of the subscription's shape. 404 if not yours. */
    @DeleteMapping("/subscriptions")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unsubscribe(Actor caller, @RequestParam(required = false) String endpoint,
            @RequestBody(required = false) EndpointOnly body) {
        String target = endpoint != null ? endpoint : body != null ? body.endpoint() : null;
        if (target == null || target.isBlank()) {
            throw DomainException.badRequest("endpoint is required, as ?endpoint= or in the body");
        }
        push.unsubscribe(caller, target);
    }

    record VapidPublicKey(String publicKey) {
    }

    record NewSubscription(@NotBlank @Size(max = 2048) String endpoint, @NotNull @Valid Keys keys, Boolean previews) {
    }

    record Keys(@NotBlank @Size(max = 128) String p256dh, @NotBlank @Size(max = 64) String auth) {
    }

    record EndpointOnly(String endpoint) {
    }

    /** The keys are not echoed: they are the browser's, and the caller has them. */
    record SubscriptionResponse(Long id, String endpoint, boolean previews, Instant createdAt) {

        static SubscriptionResponse of(PushSubscriptionView view) {
            return new SubscriptionResponse(view.id(), view.endpoint(), view.previews(), view.createdAt());
        }
    }
}
