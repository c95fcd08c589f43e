package io.chatplatform.domain.crowd;

import java.util.Collection;
import java.util.List;

/**
 * Positions and zone head counts shared by the nodes of a cluster (implemented over Redis by the socket module
 * when {@code chat.cluster.mode=redis}; without one, each node counts in its own memory). The nodes decide which
 * zones hold a position from their copy of the zones; the ledger keeps who is in which zone, one entry per user
 * whichever node or nodes they report through.
 *
 * <p>Guarantees: every call is atomic, so two nodes changing one zone at once never both see it cross its
 * threshold; a zone's alert is raised once when its count reaches the threshold and cleared once when it falls to
 * the clearing level, and that transition is returned to exactly one caller, which must publish it and then
 * {@linkplain #acknowledge acknowledge} it.
 *
 * <p>None is lost when the node that got it dies: the call that returns a transition also records it as pending,
 * claimed by that node, in the same atomic step; a transition still pending {@code chat.crowd.redeliver-after} after
 * its claim is handed by {@link #reclaim} to exactly one other caller, which publishes and acknowledges it in turn.
 * Delivery is therefore at least once: a duplicate is possible only if a node dies (or takes longer than the grace
 * period) after publishing and before acknowledging, a window of one publish. Reclaimed transitions come in the
 * order they were decided, so a zone's redelivered raise comes before its redelivered clear; a later transition of
 * the same zone that a live node got in the meantime may have been published before them. Positions not
 * updated for the position TTL are removed by {@link #expire}, which any node may call. Every result carries the
 * version of the zones the ledger counts with: a node whose copy is older reloads the zones.
 */
public interface CrowdLedger {

    /** {@link #place(String, double, double, long, long, Collection)} whatever version the zones were read from. */
    long ANY_VERSION = -1;

    /**
     * Puts the user at this position, inside exactly the listed zones (those of the ledger's zones that still
     * exist) and outside every other; provided the caller found those zones in the ledger's current version of the
     * zones, {@code zonesVersion}. If the ledger's version is another, nothing changes: zones created, moved or
     * deleted through another node would otherwise be counted from a stale copy (a new zone emptied, a moved one
     * refilled where nobody stands), with alerts raised and cleared for nothing. The result names the ledger's
     * version, and the caller reloads the zones and places again. {@link #ANY_VERSION} places regardless.
     */
    Result place(String userId, double lat, double lng, long atMillis, long zonesVersion, Collection<Long> zoneIds);

    /** Places regardless of the version of the caller's zones (tests, and the last of a caller's attempts). */
    default Result place(String userId, double lat, double lng, long atMillis, Collection<Long> zoneIds) {
        return place(userId, lat, lng, atMillis, ANY_VERSION, zoneIds);
    }

    /** Takes the user out of every zone, if their position was last placed through this node. */
    Result remove(String userId);

    /** Takes out every user whose position was last placed before {@code cutoffMillis}. */
    Result expire(long cutoffMillis);

    /** Replaces the zones, recounts the changed ones from the stored positions, and moves to a new version. */
    Result define(Collection<Circle> zones);

    /**
     * Claims for the caller every pending transition whose claim was made before {@code claimedBeforeMillis} (its
     * node died before acknowledging it), oldest first; each is handed to one caller only. The caller publishes and
     * acknowledges them as those of any other call. A transition handed out a bounded number of times already (its
     * publishing keeps failing) may be dropped instead.
     */
    Result reclaim(long claimedBeforeMillis);

    /** The transition was published: it is no longer pending. */
    void acknowledge(long transitionId);

    /** The head count of a zone now; 0 for an unknown one. */
    int count(long zoneId);

    /** The version of the zones the ledger counts with now. */
    long version();

    /** A zone as the ledger counts it; {@code clearAt} is the count at or under which its alert clears. */
    record Circle(long id, double lat, double lng, double radiusMeters, int threshold, int clearAt) {
    }

    /** What a call changed: alerts raised or cleared (to be published by the caller), positions removed. */
    record Result(long zonesVersion, int removed, List<Transition> transitions) {
    }

    /**
     * A zone's alert was raised ({@code raised}) or cleared, at this count; {@code id} names it among the pending
     * ones, to acknowledge it. {@code zoneSeq} numbers the zone's transitions consecutively in the order decided, so
     * that every node hands them to its sessions in that order whichever node decided each (0: not numbered).
     */
    record Transition(long zoneId, boolean raised, int count, int threshold, long id, long zoneSeq) {
    }
}
