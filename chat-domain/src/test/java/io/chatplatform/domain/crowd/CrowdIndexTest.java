package io.chatplatform.domain.crowd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.chatplatform.domain.crowd.CrowdEvents.CrowdAlertCleared;
import io.chatplatform.domain.crowd.CrowdEvents.CrowdAlertRaised;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The crowd index without Spring: who is in which zone, head counts, alerts with hysteresis, forgetting. */
class CrowdIndexTest {

    static final double LAT = 48.8566;
    static final double LNG = 2.3522;
    static final Instant T0 = Instant.parse("2030-01-01T12:00:00Z");

    final List<Object> events = new CopyOnWriteArrayList<>();
    final CrowdIndex index = new CrowdIndex(0.2, events::add);
    Instant now = T0;

    @Test
    void userInsideACircleIsCountedAndOneOutsideIsNot() {
        index.setZones(List.of(zone(1, LAT, LNG, 100, 10)));

        update("in", north(LAT, 99), LNG);
        update("out", north(LAT, 101), LNG);

        assertThat(index.count(1)).isEqualTo(1);
        assertThat(index.zonesOf("in")).containsExactly(1L);
        assertThat(index.zonesOf("out")).isEmpty();
    }

    @Test
    void movingBetweenOverlappingZonesLeavesOneAndEntersTheOther() {
        // A around LAT, B 150 m north of it; both 100 m: the band 50..100 m north is in both.
        index.setZones(List.of(zone(1, LAT, LNG, 100, 10), zone(2, north(LAT, 150), LNG, 100, 10)));

        update("walker", LAT, LNG);
        assertCounts(1, 0);
        assertThat(index.zonesOf("walker")).containsExactly(1L);

        later().update("walker", north(LAT, 75), LNG);
        assertCounts(1, 1);
        assertThat(index.zonesOf("walker")).containsExactlyInAnyOrder(1L, 2L);

        later().update("walker", north(LAT, 200), LNG);
        assertCounts(0, 1);

        later().update("walker", north(LAT, 1_000), LNG);
        assertCounts(0, 0);
    }

    @Test
    void alertIsRaisedOnceWhenTheCountReachesTheThreshold() {
        index.setZones(List.of(zone(7, LAT, LNG, 100, 3)));

        update("a", LAT, LNG);
        update("b", LAT, LNG);
        assertThat(events).isEmpty();
        update("c", LAT, LNG);
        update("d", LAT, LNG);

        assertThat(events).containsExactly(new CrowdAlertRaised(7L, 3, 3));
    }

    @Test
    void countHoveringAtTheThresholdDoesNotFlapAndClearsOnlyAtTheClearLevel() {
        // threshold 10, ratio 0.2: clears at 10 - ceil(2) = 8
        index.setZones(List.of(zone(1, LAT, LNG, 100, 10)));
        for (int i = 0; i < 10; i++) {
            update("u" + i, LAT, LNG);
        }
        for (int round = 0; round < 3; round++) {
            later().update("u9", north(LAT, 500), LNG); // 9
            later().update("u9", LAT, LNG);            // 10
        }
        assertThat(events).containsExactly(new CrowdAlertRaised(1L, 10, 10));

        later().update("u9", north(LAT, 500), LNG); // 9
        later().update("u8", north(LAT, 500), LNG); // 8: cleared
        later().update("u8", LAT, LNG);             // 9
        later().update("u9", LAT, LNG);             // 10: raised again

        assertThat(events).containsExactly(new CrowdAlertRaised(1L, 10, 10), new CrowdAlertCleared(1L, 8),
                new CrowdAlertRaised(1L, 10, 10));
    }

    @Test
    void clearLevelIsAtLeastOneBelowTheThreshold() {
        assertThat(ZoneCounter.clearLevel(3, 0.2)).isEqualTo(2);
        assertThat(ZoneCounter.clearLevel(1, 0.2)).isZero();
        assertThat(ZoneCounter.clearLevel(10, 0.0)).isEqualTo(9);
        assertThat(ZoneCounter.clearLevel(10, 0.3)).as("10 * 0.3 is 3.0000000000000004 in doubles").isEqualTo(7);
        assertThat(ZoneCounter.clearLevel(100, 0.25)).isEqualTo(75);
    }

    @Test
    void positionsNotUpdatedWithinTheTtlAreForgotten() {
        index.setZones(List.of(zone(1, LAT, LNG, 100, 2)));
        update("stale", LAT, LNG);
        now = T0.plusSeconds(90);
        update("fresh", LAT, LNG);
        assertThat(events).containsExactly(new CrowdAlertRaised(1L, 2, 2));

        int forgotten = index.forgetOlderThan(T0.plusSeconds(150).minus(Duration.ofMinutes(2)));

        assertThat(forgotten).isEqualTo(1);
        assertThat(index.count(1)).isEqualTo(1);
        assertThat(index.zonesOf("stale")).isEmpty();
        assertThat(index.size()).isEqualTo(1);
        assertThat(events).last().isEqualTo(new CrowdAlertCleared(1L, 1));
    }

    @Test
    void forgettingAUserTakesThemOutOfEveryZone() {
        index.setZones(List.of(zone(1, LAT, LNG, 100, 10), zone(2, LAT, LNG, 300, 10)));
        update("gone", LAT, LNG);
        assertCounts(1, 1);

        index.forget("gone");

        assertCounts(0, 0);
        assertThat(index.size()).isZero();
    }

    @Test
    void changingZonesRecountsEveryoneAndSettlesAlerts() {
        index.setZones(List.of(zone(1, LAT, LNG, 100, 5)));
        update("a", LAT, LNG);
        update("b", north(LAT, 150), LNG);
        assertThat(index.count(1)).isEqualTo(1);

        index.setZones(List.of(zone(1, LAT, LNG, 200, 2)));
        assertThat(index.count(1)).isEqualTo(2);
        assertThat(events).containsExactly(new CrowdAlertRaised(1L, 2, 2));

        index.setZones(List.of(zone(1, LAT, LNG, 200, 2), zone(2, LAT, LNG, 50, 1)));
        assertThat(events).as("an unchanged alerting zone stays quiet").hasSize(2).last()
                .isEqualTo(new CrowdAlertRaised(2L, 1, 1));

        index.setZones(List.of(zone(2, LAT, LNG, 50, 1)));
        assertThat(events).last().as("a deleted alerting zone is cleared").isEqualTo(new CrowdAlertCleared(1L, 0));
        assertThat(index.count(1)).isZero();
        assertThat(index.zonesOf("a")).containsExactly(2L);
    }

    @Test
    void zonesAcrossTheAntimeridianAndAroundAPoleCountTheirUsers() {
        index.setZones(List.of(zone(1, 0, 179.9995, 200, 10), zone(2, 89.9999, 0, 1_000, 10),
                zone(3, LAT, LNG, 50, 10)));

        update("east", 0, 179.9999);
        update("west", 0, -179.9999);
        update("far", 0, -179.99);
        update("pole", 90, 123);
        update("nearPole", 89.996, -77);

        assertThat(index.zonesOf("east")).containsExactly(1L);
        assertThat(index.zonesOf("west")).containsExactly(1L);
        assertThat(index.zonesOf("far")).isEmpty();
        assertThat(index.zonesOf("pole")).containsExactly(2L);
        assertThat(index.zonesOf("nearPole")).containsExactly(2L);
    }

    @Test
    void cellSizeFollowsTheZoneRadii() {
        index.setZones(List.of(zone(1, LAT, LNG, 100, 1), zone(2, LAT, LNG, 150, 1), zone(3, LAT, LNG, 200, 1)));
        assertThat(index.cellMeters()).isCloseTo(300, offset(0.001));

        index.setZones(List.of(zone(1, LAT, LNG, 100, 1), zone(2, LAT, LNG, 100, 1), zone(3, LAT, LNG, 80_000, 1)));
        assertThat(index.cellMeters()).as("an eighth of the largest")
                .isCloseTo(10_000, offset(0.001));
    }

    private CrowdIndexTest later() {
        now = now.plusSeconds(1);
        return this;
    }

    private void update(String userId, double lat, double lng) {
        index.update(userId, lat, lng, now);
    }

    private void assertCounts(int first, int second) {
        assertThat(List.of(index.count(1), index.count(2))).containsExactly(first, second);
    }

    static CrowdZone zone(long id, double lat, double lng, double radiusMeters, int threshold) {
        return new CrowdZone(id, lat, lng, radiusMeters, threshold);
    }

    static double north(double lat, double meters) {
        return lat + Geo.degreesOfLatitude(meters);
    }
}
