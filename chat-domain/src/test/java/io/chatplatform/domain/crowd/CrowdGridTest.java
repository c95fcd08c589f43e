package io.chatplatform.domain.crowd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The grid finds exactly the zones a scan of all zones would, anywhere on Earth, also under concurrent updates. */
class CrowdGridTest {

    final Random random = new Random(42);

    @Test
    void gridFindsExactlyTheZonesABruteForceScanFinds() {
        List<CrowdZone> zones = randomZones(300);
        CrowdIndex index = new CrowdIndex(0.2, event -> { });
        index.setZones(zones);

        for (int i = 0; i < 20_000; i++) {
            CrowdZone near = zones.get(random.nextInt(zones.size()));
            double[] point = near(near, near.radiusMeters() * 1.5);
            index.update("u", point[0], point[1], Instant.EPOCH.plusSeconds(i));

            assertThat(index.zonesOf("u")).as("zones holding %s, %s", point[0], point[1])
                    .isEqualTo(bruteForce(zones, point[0], point[1]));
        }
    }

    @Test
    void concurrentUpdatesEndWithTheCountsOfTheFinalPositions() throws Exception {
        List<CrowdZone> zones = randomZones(50);
        CrowdIndex index = new CrowdIndex(0.2, event -> { });
        index.setZones(zones);
        int threads = 4;
        int usersPerThread = 250;
        Map<String, double[]> finalPositions = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                long seed = random.nextLong();
                running.add(CompletableFuture.runAsync(() -> move(index, zones, thread, usersPerThread, seed,
                        finalPositions), pool));
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }

        Map<Long, Integer> expected = new HashMap<>();
        for (double[] position : finalPositions.values()) {
            bruteForce(zones, position[0], position[1]).forEach(id -> expected.merge(id, 1, Integer::sum));
        }
        for (CrowdZone zone : zones) {
            assertThat(index.count(zone.id())).as("zone %d", zone.id()).isEqualTo(expected.getOrDefault(zone.id(), 0));
        }
    }

    private void move(CrowdIndex index, List<CrowdZone> zones, int thread, int users, long seed,
            Map<String, double[]> finalPositions) {
        Random own = new Random(seed);
        for (int step = 0; step < 20_000; step++) {
            String userId = "t" + thread + "-u" + own.nextInt(users);
            CrowdZone zone = zones.get(own.nextInt(zones.size()));
            double lat = zone.lat() + (own.nextDouble() - 0.5) * 0.02;
            double lng = zone.lng() + (own.nextDouble() - 0.5) * 0.02;
            index.update(userId, lat, lng, Instant.EPOCH.plusMillis(step));
            finalPositions.put(userId, new double[] {lat, lng});
        }
    }

    /** Zones of every size, many near the poles and the antimeridian. */
    private List<CrowdZone> randomZones(int count) {
        List<CrowdZone> zones = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double lat = switch (i % 4) {
                case 0 -> 89.5 + random.nextDouble() * 0.5;
                case 1 -> -80 + random.nextDouble() * 160;
                default -> 48 + random.nextDouble() * 0.1;
            };
            double lng = i % 5 == 0 ? 179.99 + random.nextDouble() * 0.01 : 2.3 + random.nextDouble() * 0.1;
            double radius = i % 17 == 0 ? 20_000 + random.nextDouble() * 80_000 : 10 + random.nextDouble() * 1_000;
            zones.add(new CrowdZone(i + 1, lat, lng, radius, 1 + random.nextInt(20)));
        }
        return zones;
    }

    private double[] near(CrowdZone zone, double meters) {
        double lat = zone.lat() + Geo.degreesOfLatitude((random.nextDouble() * 2 - 1) * meters);
        double cos = Math.max(0.01, Math.cos(Math.toRadians(zone.lat())));
        double lng = zone.lng() + Geo.degreesOfLatitude((random.nextDouble() * 2 - 1) * meters) / cos;
        lat = Math.max(-90, Math.min(90, lat));
        lng = lng > 180 ? lng - 360 : lng < -180 ? lng + 360 : lng;
        return new double[] {lat, lng};
    }

    private static Set<Long> bruteForce(List<CrowdZone> zones, double lat, double lng) {
        Set<Long> inside = new TreeSet<>();
        for (CrowdZone zone : zones) {
            if (Geo.distanceMeters(zone.lat(), zone.lng(), lat, lng) <= zone.radiusMeters()) {
                inside.add(zone.id());
            }
        }
        return inside;
    }
}
