package io.chatplatform.domain.crowd;

/**
 * Events of the crowd feature. Published outside any transaction, from one thread, in the order the index decided
 * them, so listeners see each zone's alerts and clears alternate. In a cluster another node may decide the zone's
 * next transition: {@code zoneSeq} numbers a zone's transitions consecutively across the nodes, in the order the
 * shared ledger decided them, for those who deliver them everywhere to keep that order (0: not numbered, a single
 * node's own counts, already in order).
 */
public final class CrowdEvents {

    private CrowdEvents() {
    }

    /** A zone's head count reached its threshold; fired once until the zone is cleared again. */
    public record CrowdAlertRaised(Long zoneId, int count, int threshold, long zoneSeq) {

        public CrowdAlertRaised(Long zoneId, int count, int threshold) {
            this(zoneId, count, threshold, 0);
        }
    }

    /**
     * A zone that was alerting emptied far enough below its threshold (see {@link CrowdProperties#hysteresisRatio}),
     * or was deleted (count 0).
     */
    public record CrowdAlertCleared(Long zoneId, int count, long zoneSeq) {

        public CrowdAlertCleared(Long zoneId, int count) {
            this(zoneId, count, 0);
        }
    }
}
