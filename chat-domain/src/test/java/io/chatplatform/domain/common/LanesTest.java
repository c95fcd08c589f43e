package io.chatplatform.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LanesTest {

    @Test
    void aRoomAlwaysHasTheSameLaneWithinRange() {
        for (long roomId : new long[] {0, 1, 2, 41, Long.MAX_VALUE, Long.MIN_VALUE, -7}) {
            int lane = Lanes.of(roomId, 5);
            assertThat(lane).isBetween(0, 4).isEqualTo(Lanes.of(roomId, 5));
        }
        assertThat(Lanes.of(12_345, 1)).isZero();
    }

    /** Rooms created in step (every fourth id) would all share one lane of four under a plain modulo. */
    @Test
    void roomsCreatedInStepSpreadOverEveryLane() {
        int lanes = 4;
        int[] rooms = new int[lanes];
        for (long roomId = 4; roomId <= 4 * 4_000; roomId += 4) {
            rooms[Lanes.of(roomId, lanes)]++;
        }
        assertThat(Arrays.stream(rooms).boxed()).allSatisfy(count -> assertThat(count).isBetween(800, 1_200));
    }

    @Test
    void refusesFewerThanOneLane() {
        assertThatThrownBy(() -> Lanes.of(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
