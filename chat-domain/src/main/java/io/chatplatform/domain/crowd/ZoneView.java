package io.chatplatform.domain.crowd;

import java.time.Instant;

/** A zone as ADMINs see it, with {@code count}, the number of users inside it right now. */
public record ZoneView(Long id, String name, double lat, double lng, double radiusMeters, int threshold,
        Instant createdAt, int count) {
}
