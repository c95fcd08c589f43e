package io.chatplatform.domain.posting;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.domain.posting.MessageWriter.ArrivalRate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When the message writer lingers for more posts: only where another is expected within the linger. */
class ArrivalRateTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void expectsNothingBeforeTheFirstWindowIsMeasured() {
        ArrivalRate rate = new ArrivalRate(0);
        rate.taken(500, 50 * MS);

        assertThat(rate.expectsWithin(MS)).isFalse();
    }

    @Test
    void aSteadyStreamMakesTheWriterLingerAndATrickleDoesNot() {
        ArrivalRate rate = new ArrivalRate(0);
        rate.taken(250, 100 * MS); // 2,500 posts/s: 2.5 expected per ms

        assertThat(rate.expectsWithin(MS)).isTrue();

        rate.taken(12, 200 * MS); // 120 posts/s, as senders waiting for their ACKs: 0.12 per ms
        assertThat(rate.expectsWithin(MS)).isFalse();
        assertThat(rate.expectsWithin(10 * MS)).isTrue();
    }

    @Test
    void idleTimeCountsAndNoLingerMeansNoWait() {
        ArrivalRate rate = new ArrivalRate(0);
        rate.taken(150, 100 * MS);
        rate.taken(1, 1_000 * MS); // one post after most of a second of silence

        assertThat(rate.expectsWithin(MS)).isFalse();
        assertThat(rate.expectsWithin(0)).isFalse();
    }
}
