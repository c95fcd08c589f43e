package io.chatplatform.domain.push;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.push.*}: Web Push to users with no open chat socket.
 *
 * @param enabled                 whether notifications are pushed at all (subscriptions are still accepted)
 * @param allowedHosts            the origins ({@code scheme://host[:port]}) a subscription's endpoint may have; a
 *                                host may start with {@code *.} to admit its subdomains. Anything else is refused
 *                                when subscribing: the server sends requests to these endpoints (SSRF)
 * @param vapid                   the VAPID key pair and subject
 * @param ttl                     how long a push service keeps a message for a device that is offline
 * @param maxAttempts             attempts per push when the service answers 429 or 5xx or cannot be reached
 * @param initialBackoff          the wait before the first retry; it doubles for each further one
 * @param maxBackoff              the longest wait before a retry; a {@code Retry-After} longer than this gives up
 * @param requestTimeout          connect and response timeout of one request to a push service
 * @param maxSubscriptionsPerUser a user's devices; subscribing one more removes the oldest
 * @param queueCapacity           pushes that may wait to be sent; beyond that new ones are dropped and counted
 */
@ConfigurationProperties("chat.push")
public record PushProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue({"https://fcm.googleapis.com", "https://updates.push.services.mozilla.com",
                "https://web.push.apple.com", "https://*.notify.windows.com"}) List<String> allowedHosts,
        @DefaultValue Vapid vapid,
        @DefaultValue("12h") Duration ttl,
        @DefaultValue("4") int maxAttempts,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("10") int maxSubscriptionsPerUser,
        @DefaultValue("10000") int queueCapacity) {

    public PushProperties {
        if (maxAttempts < 1 || maxSubscriptionsPerUser < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("chat.push limits must be positive");
        }
        if (ttl.isNegative() || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0
                || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("chat.push durations must be positive, max-backoff >= initial-backoff");
        }
        for (String origin : allowedHosts) {
            PushEndpoints.parseOrigin(origin); // fails at startup, not at the first subscription
        }
    }

    /**
     * @param publicKey  base64url of the uncompressed P-256 point (65 bytes), as {@code web-push generate-vapid-keys}
     *                   prints it; with {@code privateKey}, or neither (then a pair is generated once and stored)
     * @param privateKey base64url of the private scalar (32 bytes)
     * @param subject    the contact push services may use ({@code mailto:} or {@code https:} URL)
     */
    public record Vapid(String publicKey, String privateKey,
            @DefaultValue("mailto:push@chat.invalid") String subject) {

        public Vapid {
            if ((publicKey == null || publicKey.isBlank()) != (privateKey == null || privateKey.isBlank())) {
                throw new IllegalArgumentException("chat.push.vapid: set both public-key and private-key, or neither");
            }
            URI uri = URI.create(subject);
            if (!"mailto".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("chat.push.vapid.subject must be a mailto: or https: URL");
            }
        }

        boolean configured() {
            return publicKey != null && !publicKey.isBlank();
        }
    }
}
