package io.chatplatform.domain.crowd;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.Texts;

/**
 * The fields of a zone. Creating one needs them all; a change carries only the fields that change (the others are
 * null).
 *
 * @param radiusMeters greater than 0 and at most 100 km
 * @param threshold    the head count at which the zone alerts, from 1 to 1,000,000
 */
public record ZoneSpec(String name, Double lat, Double lng, Double radiusMeters, Integer threshold) {

    static final int MAX_NAME_LENGTH = 200;
    static final double MAX_RADIUS_METERS = 100_000;
    static final int MAX_THRESHOLD = 1_000_000;

    /** Checks the fields that are set. */
    ZoneSpec validated() {
        if (name != null && (name.isBlank() || name.strip().length() > MAX_NAME_LENGTH)) {
            throw DomainException.badRequest("name must be 1 to " + MAX_NAME_LENGTH + " characters, not blank");
        }
        Texts.requireStorable("name", name);
        if (lat != null && !(lat >= -90 && lat <= 90)) {
            throw DomainException.badRequest("lat must be from -90 to 90");
        }
        if (lng != null && !(lng >= -180 && lng <= 180)) {
            throw DomainException.badRequest("lng must be from -180 to 180");
        }
        if (radiusMeters != null && !(radiusMeters > 0 && radiusMeters <= MAX_RADIUS_METERS)) {
            throw DomainException.badRequest("radiusMeters must be above 0 and at most " + (int) MAX_RADIUS_METERS);
        }
        if (threshold != null && (threshold < 1 || threshold > MAX_THRESHOLD)) {
            throw DomainException.badRequest("threshold must be from 1 to " + MAX_THRESHOLD);
        }
        return this;
    }

    /** Checks that every field is set, then checks them. */
    ZoneSpec validatedComplete() {
        if (name == null || lat == null || lng == null || radiusMeters == null || threshold == null) {
            throw DomainException.badRequest("name, lat, lng, radiusMeters and threshold are required");
        }
        return validated();
    }
}
