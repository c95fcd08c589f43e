package io.chatplatform.domain.crowd;

import java.time.Instant;
import java.util.Collection;

/**
 * Where the latest positions and the zones' head counts are kept: this node's memory ({@link CrowdIndex}) or a
 * store the nodes of a cluster share ({@link SharedCrowdCounts}). Either raises each zone's alert once when it
 * fills up and clears it once when it empties below the hysteresis line, as {@link CrowdEvents}.
 */
interface CrowdCounts {

    /** Puts the user at this position, in the zones around it and out of the others. */
    void update(String userId, double lat, double lng, Instant at);

    /** The user left every zone. */
    void forget(String userId);

    /**
     * Forgets every position last updated before {@code cutoff}.
     *
     * @return how many were forgotten
     */
    int forgetOlderThan(Instant cutoff);

    /**
     * Publishes again the alert transitions another node got and did not acknowledge before {@code cutoff} (it
     * died); nothing to do where this node counts alone, in memory.
     */
    default void redeliverClaimedBefore(Instant cutoff) {
    }

    /** Replaces the zones and recounts; alerts follow the new counts, a deleted zone's alert is cleared. */
    void setZones(Collection<CrowdZone> zones);

    /** The live head count of a zone; 0 for an unknown one. */
    int count(long zoneId);
}
