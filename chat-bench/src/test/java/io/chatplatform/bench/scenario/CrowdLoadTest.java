package io.chatplatform.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrowdLoadTest {

    @Test
    void readsTheZoneIdOfACrowdFrameWhereverItStands() {
        assertThat(zoneId("{\"type\":\"CROWD_ALERT\",\"zoneId\":51,\"count\":3,\"threshold\":3}")).isEqualTo(51);
        assertThat(zoneId("{\"count\":2,\"zoneId\": 1234567,\"type\":\"CROWD_CLEARED\"}")).isEqualTo(1234567);
        assertThat(zoneId("{\"type\":\"CROWD_CLEARED\",\"count\":2}")).isEqualTo(-1);
        assertThat(zoneId("{\"type\":\"CROWD_CLEARED\",\"zoneId\":\"x\"}")).isEqualTo(-1);
    }

    @Test
    void tellsAlertsFromClears() {
        byte[] alert = "xx{\"type\":\"CROWD_ALERT\",\"zoneId\":1}".getBytes(StandardCharsets.US_ASCII);
        assertThat(CrowdLoad.contains(alert, 2, alert.length - 2, "\"CROWD_ALERT\"".getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        assertThat(CrowdLoad.contains(alert, 2, alert.length - 2,
                "\"CROWD_CLEARED\"".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(CrowdLoad.contains(alert, 2, 10, "\"CROWD_ALERT\"".getBytes(StandardCharsets.US_ASCII)))
                .as("only within the frame's bytes").isFalse();
    }

    @Test
    void aPlanNeedsACycleLongerThanTheIntervalAndEnoughWalkers() {
        assertThatThrownBy(() -> plan(100, 5, 20, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--cycle");
        assertThatThrownBy(() -> plan(99, 5, 20, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--walkers");
        assertThat(plan(100, 5, 20, 10).drop()).as("the server clears 20 at 16").isEqualTo(4);
        assertThat(new CrowdLoad.Plan(10, List.of(), Duration.ofSeconds(5), 1, 3, 0.2, 1,
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ZERO, 100, null).drop()).as("threshold 3 clears at 2").isEqualTo(1);
    }

    private static CrowdLoad.Plan plan(int walkers, int zones, int threshold, int cycleSeconds) {
        return new CrowdLoad.Plan(walkers, List.of(), Duration.ofSeconds(5), zones, threshold,
                0.2, 1, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(cycleSeconds), Duration.ZERO, 100, null);
    }

    private static long zoneId(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.US_ASCII);
        return CrowdLoad.zoneId(bytes, 0, bytes.length);
    }
}
