package io.chatplatform.domain.crowd;

/**
 * Events of the crowd feature. Published outside any transaction, from one thread, in the order the index decided
 * them, so listeners see each zone's alerts and clears alternate.
 */
public final class CrowdEvents {

    private CrowdEvents() {
    }

    /** A zone's head count reached its threshold; fired once until the zone is cleared again. */
    public record CrowdAlertRaised(Long zoneId, int count, int threshold) {
    }

    /**
     * A zone that was alerting emptied far enough below its threshold (see {@link CrowdProperties#hysteresisRatio}),
     * or was deleted (count 0).
     */
    public record CrowdAlertCleared(Long zoneId, int count) {
    }
}
