package io.chatplatform.domain.crowd;

/** A zone as the crowd index counts it: a circle and the head count at which it alerts. */
record CrowdZone(long id, double lat, double lng, double radiusMeters, int threshold) {
}
