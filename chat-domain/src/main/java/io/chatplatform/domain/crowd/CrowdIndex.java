package io.chatplatform.domain.crowd;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The latest position of every user and the live head count of every zone. An update looks only at the zones of
 * the user's grid cell and moves the user's count from the zones they left to the zones they entered, so its
 * cost does not grow with the number of users. Updates of different users run in parallel (one user's are
 * serialised by the map); a zone change rebuilds the grid and recounts everyone, alone.
 *
 * <p>{@code events} receives {@link CrowdEvents} while locks are held: it must only hand them on.
 */
final class CrowdIndex implements CrowdCounts {

    private static final ZoneCounter[] OUTSIDE = new ZoneCounter[0];

    private final double hysteresisRatio;
    private final Consumer<Object> events;
    private final ReentrantReadWriteLock zonesLock = new ReentrantReadWriteLock();
    private final ConcurrentHashMap<String, Position> positions = new ConcurrentHashMap<>();
    private Zones zones = new Zones(CrowdGrid.of(List.of()), Map.of());

    CrowdIndex(double hysteresisRatio, Consumer<Object> events) {
        this.hysteresisRatio = hysteresisRatio;
        this.events = events;
    }

    /** Records a user's position (the caller paces them: see {@link LocationCoalescer}). */
    @Override
    public void update(String userId, double lat, double lng, Instant at) {
        long now = at.toEpochMilli();
        zonesLock.readLock().lock();
        try {
            CrowdGrid grid = zones.grid();
            positions.compute(userId, (id, previous) -> {
                ZoneCounter[] inside = grid.containing(lat, lng);
                move(previous == null ? OUTSIDE : previous.inside(), inside);
                return new Position(lat, lng, now, inside);
            });
        } finally {
            zonesLock.readLock().unlock();
        }
    }

    /** Forgets a user's position: they leave every zone they were in. */
    @Override
    public void forget(String userId) {
        zonesLock.readLock().lock();
        try {
            positions.computeIfPresent(userId, (id, position) -> leaveAll(position));
        } finally {
            zonesLock.readLock().unlock();
        }
    }

    /**
     * Forgets every position last updated before {@code cutoff}.
     *
     * @return how many were forgotten
     */
    @Override
    public int forgetOlderThan(Instant cutoff) {
        long limit = cutoff.toEpochMilli();
        int[] forgotten = new int[1];
        zonesLock.readLock().lock();
        try {
            for (String userId : positions.keySet()) {
                positions.computeIfPresent(userId, (id, position) -> {
                    if (position.atMillis() >= limit) {
                        return position;
                    }
                    forgotten[0]++;
                    return leaveAll(position);
                });
            }
        } finally {
            zonesLock.readLock().unlock();
        }
        return forgotten[0];
    }

    /**
     * Replaces the zones: rebuilds the grid, recounts every known position, and then raises or clears alerts as
     * the new counts and thresholds say. A zone that keeps its id keeps its alert state; a deleted zone's alert
     * is cleared.
     */
    @Override
    public void setZones(Collection<CrowdZone> definitions) {
        zonesLock.writeLock().lock();
        try {
            Map<Long, ZoneCounter> counters = new HashMap<>();
            for (CrowdZone zone : definitions) {
                ZoneCounter previous = zones.counters().get(zone.id());
                boolean alerting = previous != null && previous.alerting();
                counters.put(zone.id(), new ZoneCounter(zone, hysteresisRatio, alerting, events));
            }
            CrowdGrid grid = CrowdGrid.of(counters.values());
            positions.replaceAll((userId, position) -> {
                ZoneCounter[] inside = grid.containing(position.lat(), position.lng());
                for (ZoneCounter zone : inside) {
                    zone.seed();
                }
                return new Position(position.lat(), position.lng(), position.atMillis(), inside);
            });
            zones.counters().forEach((id, previous) -> {
                if (!counters.containsKey(id)) {
                    previous.retire();
                }
            });
            counters.values().forEach(ZoneCounter::settle);
            zones = new Zones(grid, Map.copyOf(counters));
        } finally {
            zonesLock.writeLock().unlock();
        }
    }

    /** The live head count of a zone; 0 for an unknown one. */
    @Override
    public int count(long zoneId) {
        zonesLock.readLock().lock();
        try {
            ZoneCounter counter = zones.counters().get(zoneId);
            return counter == null ? 0 : counter.count();
        } finally {
            zonesLock.readLock().unlock();
        }
    }

    /** The zones a user is in now. */
    Set<Long> zonesOf(String userId) {
        Position position = positions.get(userId);
        return position == null ? Set.of()
                : Arrays.stream(position.inside()).map(zone -> zone.zone().id()).collect(Collectors.toSet());
    }

    /** How many users have a known position. */
    int size() {
        return positions.size();
    }

    /** The side of the grid's cells now, in meters. */
    double cellMeters() {
        zonesLock.readLock().lock();
        try {
            return zones.grid().cellMeters();
        } finally {
            zonesLock.readLock().unlock();
        }
    }

    private static Position leaveAll(Position position) {
        for (ZoneCounter zone : position.inside()) {
            zone.leave();
        }
        return null;
    }

    /** Leaves first, then enters: someone moving between overlapping zones never counts twice in one. */
    private static void move(ZoneCounter[] from, ZoneCounter[] to) {
        for (ZoneCounter zone : from) {
            if (!holds(to, zone)) {
                zone.leave();
            }
        }
        for (ZoneCounter zone : to) {
            if (!holds(from, zone)) {
                zone.enter();
            }
        }
    }

    private static boolean holds(ZoneCounter[] zones, ZoneCounter wanted) {
        for (ZoneCounter zone : zones) {
            if (zone == wanted) {
                return true;
            }
        }
        return false;
    }

    private record Position(double lat, double lng, long atMillis, ZoneCounter[] inside) {
    }

    /** The grid and the counters by zone id; replaced together, under the write lock. */
    private record Zones(CrowdGrid grid, Map<Long, ZoneCounter> counters) {
    }
}
