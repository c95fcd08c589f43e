package io.chatplatform.domain.push;

import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The Web Push protocol (RFC 8030): one POST to the subscription's endpoint with the payload encrypted for the
 * browser (RFC 8291, {@link WebPushEncryption}), a VAPID {@code Authorization} (RFC 8292: an ES256 JWT whose
 * {@code aud} is the endpoint's origin), {@code TTL} and {@code Urgency}. Redirects are never followed, so an
 * allowed push service cannot bounce the request to an address the allow-list would refuse.
 */
@Component
class WebPushGateway implements PushGateway {

    /** RFC 8292 §2: a JWT may live at most 24 hours; push services refuse longer ones. */
    private static final Duration JWT_LIFETIME = Duration.ofHours(12);

    private final HttpClient http;
    private final VapidKeys vapid;
    private final String subject;
    private final Duration requestTimeout;
    private final Clock clock;

    WebPushGateway(VapidKeys vapid, PushProperties properties, Clock clock) {
        this.vapid = vapid;
        this.subject = properties.vapid().subject();
        this.requestTimeout = properties.requestTimeout();
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.requestTimeout())
                .build();
    }

    @Override
    public boolean handles(PushSubscriptionView subscription) {
        String endpoint = subscription.endpoint(); // a URL's scheme is case-insensitive: HTTPS:// is https://
        return endpoint.regionMatches(true, 0, "https://", 0, 8) || endpoint.regionMatches(true, 0, "http://", 0, 7);
    }

    @Override
    public Outcome send(PushSubscriptionView subscription, PushMessage message) {
        URI endpoint = URI.create(subscription.endpoint());
        byte[] body = WebPushEncryption.encrypt(message.payload().getBytes(StandardCharsets.UTF_8),
                P256.B64URL_DECODER.decode(subscription.p256dh()), P256.B64URL_DECODER.decode(subscription.auth()));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("TTL", Long.toString(message.ttl().toSeconds()))
                .header("Urgency", message.urgency())
                .header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .header("Authorization", authorization(endpoint))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return new Outcome.Retry("push service unreachable: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failed("interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Outcome.Delivered(status);
        }
        if (status == 404 || status == 410) {
            return new Outcome.Gone(status);
        }
        if (status == 429 || status >= 500) {
            return new Outcome.Retry("push service answered " + status,
                    retryAfter(response.headers().firstValue("Retry-After")).orElse(null));
        }
        return new Outcome.Failed("push service answered " + status);
    }

    /** {@code vapid t=<JWT>, k=<public key>} (RFC 8292 §3). */
    private String authorization(URI endpoint) {
        VapidKeys.Pair keys = vapid.pair();
        // An origin is serialised in lower case (RFC 6454 §6.2), whatever case the subscription spelled it in.
        String origin = (endpoint.getScheme() + "://" + endpoint.getRawAuthority()).toLowerCase(Locale.ROOT);
        String jwt = Jwts.builder()
                .header().add("typ", "JWT").and()
                .audience().single(origin)
                .expiration(Date.from(clock.instant().plus(JWT_LIFETIME)))
                .subject(subject)
                .signWith(keys.privateKey(), Jwts.SIG.ES256)
                .compact();
        return "vapid t=" + jwt + ", k=" + keys.publicBase64();
    }

    /** {@code Retry-After}: seconds, or an HTTP date. */
    private Optional<Duration> retryAfter(Optional<String> header) {
        return header.map(String::trim).flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(clock.instant(), at.toInstant());
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        });
    }
}
