package io.chatplatform.domain.push;

import java.time.Duration;

/**
 * What is pushed: the payload (JSON text, shown by the service worker), how long the push service may hold it for
 * an offline device, and its urgency ({@code very-low}, {@code low}, {@code normal}, {@code high}, RFC 8030 §5.3).
 */
public record PushMessage(String payload, Duration ttl, String urgency) {
}
