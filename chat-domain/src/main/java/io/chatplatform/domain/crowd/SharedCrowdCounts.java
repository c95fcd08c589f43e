package io.chatplatform.domain.crowd;

import io.chatplatform.domain.crowd.CrowdEvents.CrowdAlertCleared;
import io.chatplatform.domain.crowd.CrowdEvents.CrowdAlertRaised;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Counts in a {@link CrowdLedger} the nodes share. This node keeps a copy of the zones (a grid) only to tell which
 * zones hold a position; the ledger keeps the rest. When the ledger reports a newer zone version than the copy, it
 * has not placed the position; the zones are reloaded from the database and the position is placed with them, so
 * a zone created or changed through another node counts here from the next position on.
 */
final class SharedCrowdCounts implements CrowdCounts {

    /** Placements refused for a stale copy before one is made whatever the version. */
    private static final int MAX_PLACE_ATTEMPTS = 3;

    private final CrowdLedger ledger;
    private final double hysteresisRatio;
    private final Supplier<Collection<CrowdZone>> storedZones;
    private final BiConsumer<Object, Runnable> events;
    /** No zones yet, at a version no ledger has (nor {@link CrowdLedger#ANY_VERSION}): the first place reloads. */
    private volatile Copy copy = new Copy(Long.MIN_VALUE, CrowdGrid.of(List.of()));

    /**
     * @param events publishes an event, then, if that worked, runs the given acknowledgement
     */
    SharedCrowdCounts(CrowdLedger ledger, double hysteresisRatio, Supplier<Collection<CrowdZone>> storedZones,
            BiConsumer<Object, Runnable> events) {
        this.ledger = ledger;
        this.hysteresisRatio = hysteresisRatio;
        this.storedZones = storedZones;
        this.events = events;
    }

    /**
     * Placed with the zones of the ledger's version only (see {@link CrowdLedger#place}): when the copy is older,
     * the ledger changes nothing, the zones are reloaded and the position placed again. Zones redefined again
     * during each of those attempts (hardly ever) end in a placement with the copy as it then is.
     */
    @Override
    public void update(String userId, double lat, double lng, Instant at) {
        Copy used = copy;
        for (int attempt = 1; ; attempt++) {
            long version = attempt < MAX_PLACE_ATTEMPTS ? used.version() : CrowdLedger.ANY_VERSION;
            CrowdLedger.Result result = ledger.place(userId, lat, lng, at.toEpochMilli(), version,
                    used.zonesAt(lat, lng));
            publish(result);
            if (version == CrowdLedger.ANY_VERSION || result.zonesVersion() == used.version()) {
                return;
            }
            used = adopt(result.zonesVersion());
        }
    }

    @Override
    public void forget(String userId) {
        publish(ledger.remove(userId));
    }

    @Override
    public int forgetOlderThan(Instant cutoff) {
        CrowdLedger.Result result = ledger.expire(cutoff.toEpochMilli());
        publish(result);
        if (result.zonesVersion() != copy.version()) {
            adopt(result.zonesVersion());
        }
        return result.removed();
    }

    @Override
    public void redeliverClaimedBefore(Instant cutoff) {
        publish(ledger.reclaim(cutoff.toEpochMilli()));
    }

    /** This node changed the zones (or started): the ledger takes them, and this copy follows. */
    @Override
    public synchronized void setZones(Collection<CrowdZone> zones) {
        List<CrowdLedger.Circle> circles = new ArrayList<>(zones.size());
        for (CrowdZone zone : zones) {
            circles.add(new CrowdLedger.Circle(zone.id(), zone.lat(), zone.lng(), zone.radiusMeters(),
                    zone.threshold(), ZoneCounter.clearLevel(zone.threshold(), hysteresisRatio)));
        }
        CrowdLedger.Result result = ledger.define(circles);
        copy = new Copy(result.zonesVersion(), grid(zones));
        publish(result);
    }

    @Override
    public int count(long zoneId) {
        return ledger.count(zoneId);
    }

    /**
     * Another node changed the zones: reload them (serialised with {@link #setZones}). A ledger whose version went
     * back, or that never had zones, lost its data (Redis restarted without it): it is given the stored zones again,
     * or it would count nobody anywhere until someone next changed a zone.
     */
    private synchronized Copy adopt(long version) {
        if (copy.version() != version) {
            if (version == 0 || version < copy.version()) {
                setZones(storedZones.get());
            } else {
                copy = new Copy(version, grid(storedZones.get()));
            }
        }
        return copy;
    }

    private CrowdGrid grid(Collection<CrowdZone> zones) {
        return CrowdGrid.of(zones.stream().map(zone -> new ZoneCounter(zone, hysteresisRatio, false, event -> { }))
                .toList());
    }

    private void publish(CrowdLedger.Result result) {
        for (CrowdLedger.Transition transition : result.transitions()) {
            events.accept(transition.raised()
                    ? new CrowdAlertRaised(transition.zoneId(), transition.count(), transition.threshold(),
                            transition.zoneSeq())
                    : new CrowdAlertCleared(transition.zoneId(), transition.count(), transition.zoneSeq()),
                    () -> ledger.acknowledge(transition.id()));
        }
    }

    /** The zones this node counts with and the ledger version they belong to. */
    private record Copy(long version, CrowdGrid grid) {

        List<Long> zonesAt(double lat, double lng) {
            ZoneCounter[] inside = grid.containing(lat, lng);
            List<Long> ids = new ArrayList<>(inside.length);
            for (ZoneCounter zone : inside) {
                ids.add(zone.zone().id());
            }
            return ids;
        }
    }
}
