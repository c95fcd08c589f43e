package io.chatplatform.domain.crowd;

import io.chatplatform.domain.crowd.CrowdEvents.CrowdAlertCleared;
import io.chatplatform.domain.crowd.CrowdEvents.CrowdAlertRaised;
import java.util.function.Consumer;

/**
 * The live head count of one zone and whether it is alerting. An alert is raised when the count reaches the
 * threshold and cleared only once it falls to {@code threshold - max(1, ceil(threshold * ratio))}, so a count
 * that hovers at the threshold does not flap. Each change and its event happen under this counter's lock, so the
 * events of one zone leave in the order of the changes.
 */
final class ZoneCounter {

    /** Absorbs floating-point noise such as 10 * 0.3 = 3.0000000000000004, whose ceiling would be 4. */
    private static final double EPSILON = 1e-9;

    private final CrowdZone zone;
    private final int clearAt;
    private final Consumer<Object> events;
    private int count;
    private boolean alerting;

    ZoneCounter(CrowdZone zone, double hysteresisRatio, boolean alerting, Consumer<Object> events) {
        this.zone = zone;
        this.clearAt = clearLevel(zone.threshold(), hysteresisRatio);
        this.alerting = alerting;
        this.events = events;
    }

    static int clearLevel(int threshold, double hysteresisRatio) {
        return threshold - Math.max(1, (int) Math.ceil(threshold * hysteresisRatio - EPSILON));
    }

    CrowdZone zone() {
        return zone;
    }

    boolean contains(double lat, double lng) {
        return Geo.distanceMeters(zone.lat(), zone.lng(), lat, lng) <= zone.radiusMeters();
    }

    synchronized void enter() {
        count++;
        settle();
    }

    synchronized void leave() {
        count--;
        settle();
    }

    /** Counts someone while the index is rebuilt; {@link #settle} decides once everyone is counted. */
    synchronized void seed() {
        count++;
    }

    synchronized void settle() {
        if (!alerting && count >= zone.threshold()) {
            alerting = true;
            events.accept(new CrowdAlertRaised(zone.id(), count, zone.threshold()));
        } else if (alerting && count <= clearAt) {
            alerting = false;
            events.accept(new CrowdAlertCleared(zone.id(), count));
        }
    }

    /** The zone was deleted: an alert it had is cleared, so nobody keeps showing it. */
    synchronized void retire() {
        if (alerting) {
            alerting = false;
            events.accept(new CrowdAlertCleared(zone.id(), 0));
        }
    }

    synchronized int count() {
        return count;
    }

    synchronized boolean alerting() {
        return alerting;
    }
}
