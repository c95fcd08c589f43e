package io.chatplatform.domain.crowd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable uniform grid over latitude and longitude, each zone filed under every cell its circle's bounding
 * box touches. A position is checked only against the zones of its own cell. Cells are square in degrees, sized
 * from the zones: twice the median radius, so a typical zone touches about four cells, but at least an eighth of
 * the largest radius, so no zone touches more than a few hundred. Zones that would still touch too many cells
 * (around a pole, or absurdly large) are "wide" and checked for every position.
 */
final class CrowdGrid {

    static final double MIN_CELL_METERS = 50;
    static final int MAX_CELLS_PER_ZONE = 4096;
    private static final double PAD_DEGREES = 1e-9;
    private static final ZoneCounter[] NONE = new ZoneCounter[0];

    private final double cellDegrees;
    private final int rows;
    private final int cols;
    private final Map<Long, ZoneCounter[]> cells;
    private final ZoneCounter[] wide;

    private CrowdGrid(double cellDegrees, Collection<ZoneCounter> zones) {
        this.cellDegrees = cellDegrees;
        this.rows = (int) Math.ceil(180 / cellDegrees);
        this.cols = (int) Math.ceil(360 / cellDegrees);
        Map<Long, List<ZoneCounter>> filed = new HashMap<>();
        List<ZoneCounter> wideZones = new ArrayList<>();
        for (ZoneCounter zone : zones) {
            long[] keys = cover(zone.zone());
            if (keys == null) {
                wideZones.add(zone);
                continue;
            }
            for (long key : keys) {
                filed.computeIfAbsent(key, k -> new ArrayList<>()).add(zone);
            }
        }
        this.wide = wideZones.toArray(NONE);
        this.cells = new HashMap<>(filed.size() * 2);
        filed.forEach((key, list) -> {
            list.addAll(wideZones);
            cells.put(key, list.toArray(NONE));
        });
    }

    static CrowdGrid of(Collection<ZoneCounter> zones) {
        return new CrowdGrid(Geo.degreesOfLatitude(cellMeters(zones)), zones);
    }

    static double cellMeters(Collection<ZoneCounter> zones) {
        if (zones.isEmpty()) {
            return MIN_CELL_METERS;
        }
        double[] radii = zones.stream().mapToDouble(zone -> zone.zone().radiusMeters()).sorted().toArray();
        double median = radii[radii.length / 2];
        double largest = radii[radii.length - 1];
        return Math.max(MIN_CELL_METERS, Math.max(2 * median, largest / 8));
    }

    double cellMeters() {
        return cellDegrees * Math.PI / 180 * Geo.EARTH_RADIUS_METERS;
    }

    /** The zones whose circle holds the position; an empty array, not a new one, when there are none. */
    ZoneCounter[] containing(double lat, double lng) {
        ZoneCounter[] candidates = cells.getOrDefault(key(row(lat), col(lng)), wide);
        ZoneCounter[] inside = null;
        int found = 0;
        for (ZoneCounter zone : candidates) {
            if (zone.contains(lat, lng)) {
                if (inside == null) {
                    inside = new ZoneCounter[candidates.length - found];
                }
                inside[found++] = zone;
            }
        }
        return found == 0 ? NONE : Arrays.copyOf(inside, found);
    }

    /**
     * The cells of the circle's bounding box, or null for a wide zone. For a circle of angular radius d centred at
     * latitude p the box spans p +- d and, in longitude, +- asin(sin d / cos p), which is exact on the sphere as
     * long as the circle does not reach a pole.
     */
    private long[] cover(CrowdZone zone) {
        double angular = zone.radiusMeters() / Geo.EARTH_RADIUS_METERS;
        double deltaLat = Math.toDegrees(angular);
        double spread = Math.sin(angular) / Math.cos(Math.toRadians(zone.lat()));
        if (Math.abs(zone.lat()) + deltaLat >= 90 || spread >= 1) {
            return null;
        }
        double deltaLng = Math.toDegrees(Math.asin(spread)) + PAD_DEGREES;
        int rowFrom = row(zone.lat() - deltaLat - PAD_DEGREES);
        int rowTo = row(zone.lat() + deltaLat + PAD_DEGREES);
        int[] colRanges = colRanges(zone.lng() - deltaLng, zone.lng() + deltaLng);
        long width = 0;
        for (int i = 0; i < colRanges.length; i += 2) {
            width += colRanges[i + 1] - colRanges[i] + 1;
        }
        long total = width * (rowTo - rowFrom + 1);
        if (total > MAX_CELLS_PER_ZONE) {
            return null;
        }
        long[] keys = new long[(int) total];
        int next = 0;
        for (int row = rowFrom; row <= rowTo; row++) {
            for (int i = 0; i < colRanges.length; i += 2) {
                for (int col = colRanges[i]; col <= colRanges[i + 1]; col++) {
                    keys[next++] = key(row, col);
                }
            }
        }
        return keys;
    }

    /** Column ranges as {from, to, from, to...}: a box across the antimeridian is split in two. */
    private int[] colRanges(double west, double east) {
        if (west < -180) {
            return new int[] {col(west + 360), cols - 1, 0, col(east)};
        }
        if (east > 180) {
            return new int[] {col(west), cols - 1, 0, col(east - 360)};
        }
        return new int[] {col(west), col(east)};
    }

    private int row(double lat) {
        return clamp((int) Math.floor((lat + 90) / cellDegrees), rows);
    }

    private int col(double lng) {
        return clamp((int) Math.floor((lng + 180) / cellDegrees), cols);
    }

    private long key(int row, int col) {
        return (long) row * cols + col;
    }

    private static int clamp(int index, int size) {
        return Math.max(0, Math.min(size - 1, index));
    }
}
