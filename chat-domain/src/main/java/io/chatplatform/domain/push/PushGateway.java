package io.chatplatform.domain.push;

import java.time.Duration;

/**
 * Delivers one push message to one subscription. Web Push is {@link WebPushGateway}; FCM or APNs tokens would be
 * other implementations (not built: their services cannot be reached from where this was written).
 * <p>
 * Guarantees: one call makes at most one delivery attempt, may block for up to the request timeout, and is made on
 * the push dispatcher's threads, never a request or socket thread. Retrying is the caller's business, as the
 * outcome says.
 */
public interface PushGateway {

    /** Whether this gateway handles the subscription (Web Push: an endpoint URL). */
    boolean handles(PushSubscriptionView subscription);

    Outcome send(PushSubscriptionView subscription, PushMessage message);

    /** What came of one attempt. */
    sealed interface Outcome {

        /** Accepted by the push service (2xx). */
        record Delivered(int status) implements Outcome {
        }

        /** The subscription no longer exists (404, 410): remove it. */
        record Gone(int status) implements Outcome {
        }

        /** Try again later (429, 5xx, no answer); {@code retryAfter} is what the service asked for, if anything. */
        record Retry(String reason, Duration retryAfter) implements Outcome {
        }

        /** Refused for good (other 4xx): retrying the same request would not help. */
        record Failed(String reason) implements Outcome {
        }
    }
}
