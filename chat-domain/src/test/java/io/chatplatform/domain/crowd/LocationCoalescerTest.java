package io.chatplatform.domain.crowd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pacing positions without losing the latest: a hand-driven clock and timer, no waiting. */
class LocationCoalescerTest {

    static final long INTERVAL = 1000;

    long now = 10_000;
    final List<String> applied = new ArrayList<>();
    final List<Scheduled> timers = new ArrayList<>();
    final LocationCoalescer coalescer = new LocationCoalescer(INTERVAL, () -> now,
            (task, delay) -> timers.add(new Scheduled(task, delay)), new LocationCoalescer.Target() {
                @Override
                public void apply(String userId, double lat, double lng) {
                    applied.add(userId + "@" + lat + "," + lng + "@" + now);
                }

                @Override
                public void forget(String userId) {
                    applied.add(userId + " forgotten");
                }
            });

    @Test
    void firstPositionIsAppliedAtOnce() {
        coalescer.offer("walker", 1, 2);

        assertThat(applied).containsExactly("walker@1.0,2.0@10000");
        assertThat(timers).isEmpty();
    }

    @Test
    void positionsWithinTheIntervalWaitAndOnlyTheLatestIsAppliedWhenItEnds() {
        coalescer.offer("walker", 1, 1);
        now += 100;
        coalescer.offer("walker", 2, 2);
        now += 200;
        coalescer.offer("walker", 3, 3);

        assertThat(applied).containsExactly("walker@1.0,1.0@10000");
        assertThat(timers).hasSize(1);
        assertThat(timers.get(0).delay()).as("due when the interval since the applied one ends").isEqualTo(900);

        now += 700;
        timers.get(0).task().run();

        assertThat(applied).containsExactly("walker@1.0,1.0@10000", "walker@3.0,3.0@11000");
    }

    @Test
    void aPositionAfterTheIntervalIsAppliedAtOnce() {
        coalescer.offer("walker", 1, 1);
        now += INTERVAL;
        coalescer.offer("walker", 2, 2);

        assertThat(applied).containsExactly("walker@1.0,1.0@10000", "walker@2.0,2.0@11000");
        assertThat(timers).isEmpty();
    }

    @Test
    void whileOneWaitsALaterPositionReplacesItEvenPastTheInterval() {
        coalescer.offer("walker", 1, 1);
        now += 500;
        coalescer.offer("walker", 2, 2);
        now += 600; // the timer is late: this one must not overtake the waiting one, it replaces it
        coalescer.offer("walker", 3, 3);
        timers.get(0).task().run();

        assertThat(applied).containsExactly("walker@1.0,1.0@10000", "walker@3.0,3.0@11100");
    }

    @Test
    void forgettingDropsAWaitingPosition() {
        coalescer.offer("walker", 1, 1);
        now += 100;
        coalescer.offer("walker", 2, 2);
        coalescer.forget("walker");
        now += 900;
        timers.get(0).task().run();

        assertThat(applied).containsExactly("walker@1.0,1.0@10000", "walker forgotten");
        assertThat(coalescer.size()).isZero();

        coalescer.offer("walker", 5, 5);
        assertThat(applied).as("back with a new session: applied at once").last()
                .isEqualTo("walker@5.0,5.0@11000");
    }

    @Test
    void usersArePacedApart() {
        coalescer.offer("a", 1, 1);
        coalescer.offer("b", 2, 2);

        assertThat(applied).containsExactly("a@1.0,1.0@10000", "b@2.0,2.0@10000");
    }

    @Test
    void oldIdleSlotsAreDroppedButWaitingOnesKept() {
        coalescer.offer("idle", 1, 1);
        coalescer.offer("busy", 1, 1);
        now += 10;
        coalescer.offer("busy", 2, 2);

        coalescer.forgetSlotsOlderThan(now);

        assertThat(coalescer.size()).isOne();
        timers.get(0).task().run();
        assertThat(applied).last().isEqualTo("busy@2.0,2.0@10010");
    }

    record Scheduled(Runnable task, long delay) {
    }
}
