package io.chatplatform.ws.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What counts against a turn: sends that waited (a millisecond or more), not the writer's own quick work. */
class TurnTest {

    @Test
    void quickSendsNeverEndATurnHoweverMany() {
        Turn turn = new Turn(10_000_000);
        for (int i = 0; i < 100_000; i++) {
            assertThat(turn.took(Turn.WAIT_FLOOR_NANOS - 1)).isFalse();
        }
    }

    @Test
    void sendsThatWaitedEndItOnceTheyAddUpToTheLimit() {
        Turn turn = new Turn(10_000_000);
        assertThat(turn.took(4_000_000)).isFalse();
        assertThat(turn.took(500_000)).as("too quick to count").isFalse();
        assertThat(turn.took(5_000_000)).isFalse();
        assertThat(turn.took(1_000_000)).isTrue();
        assertThat(turn.over()).isTrue();
    }

    @Test
    void aTurnOfZeroIsOverAtOnce() {
        assertThat(new Turn(0).took(0)).isTrue();
    }
}
