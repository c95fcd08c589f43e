package io.chatplatform.domain.crowd;

/** Distances on a spherical Earth; the grid's bounding boxes use the same sphere, so they never disagree. */
final class Geo {

    /** The mean Earth radius (IUGG). */
    static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private Geo() {
    }

    /** Great-circle distance by the haversine formula, accurate at every distance a zone can have. */
    static double distanceMeters(double lat1, double lng1, double lat2, double lng2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double sinDeltaPhi = Math.sin((phi2 - phi1) / 2);
        double sinDeltaLambda = Math.sin(Math.toRadians(lng2 - lng1) / 2);
        double a = sinDeltaPhi * sinDeltaPhi + Math.cos(phi1) * Math.cos(phi2) * sinDeltaLambda * sinDeltaLambda;
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** The arc, in degrees of latitude, that {@code meters} span along a meridian. */
    static double degreesOfLatitude(double meters) {
        return Math.toDegrees(meters / EARTH_RADIUS_METERS);
    }
}
