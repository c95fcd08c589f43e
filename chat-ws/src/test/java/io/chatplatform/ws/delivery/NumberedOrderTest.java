package io.chatplatform.ws.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Numbered deliveries of one key leave in number order, whatever order they come in. */
class NumberedOrderTest {

    /** Long enough that nothing in a test gives up waiting unless the test waits for it. */
    static final long HOLD = 2_000;

    final NumberedOrder order = new NumberedOrder(HOLD);
    final List<String> delivered = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        order.close();
    }

    @Test
    void aLaterNumberWaitsForTheEarlierOneThatOvertookItOnTheWay() {
        offer(7, 1, "alert");
        offer(7, 3, "alert again");
        offer(7, 2, "clear");

        assertThat(delivered).containsExactly("7:alert", "7:clear", "7:alert again");
    }

    @Test
    void keysAreOrderedApartAndANumberThatPassedIsDropped() {
        offer(1, 1, "a");
        offer(2, 1, "b");
        offer(1, 2, "c");
        offer(1, 2, "c again"); // a duplicate (redelivered)
        offer(1, 1, "a again");

        assertThat(delivered).containsExactly("1:a", "2:b", "1:c");
    }

    @Test
    void theFirstNumberHeardForAKeyWaitsForAnEarlierOneStillOnItsWay() {
        offer(5, 41, "clear, decided here");
        assertThat(delivered).isEmpty();

        offer(5, 40, "alert, from the other node");

        await().atMost(Duration.ofMillis(HOLD * 3)).until(() -> delivered.size() == 2);
        assertThat(delivered).containsExactly("5:alert, from the other node", "5:clear, decided here");
    }

    @Test
    void aNumberThatNeverComesIsGivenUpAfterTheHoldAndDroppedIfItComesLater() {
        NumberedOrder quick = new NumberedOrder(100);
        try {
            quick.offer(9, 1, () -> delivered.add("1"));
            quick.offer(9, 3, () -> delivered.add("3"));
            quick.offer(9, 4, () -> delivered.add("4"));
            assertThat(delivered).containsExactly("1");

            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 3);
            quick.offer(9, 2, () -> delivered.add("2, too late"));
            quick.offer(9, 5, () -> delivered.add("5"));

            assertThat(delivered).containsExactly("1", "3", "4", "5");
        } finally {
            quick.close();
        }
    }

    /** A gap filled, then a new one: the new gap gets a whole wait, not what was left of the first one's. */
    @Test
    void aNewGapWaitsItsOwnHoldNotWhatWasLeftOfAnEarlierOne() {
        NumberedOrder slow = new NumberedOrder(3_000);
        try {
            slow.offer(4, 1, () -> delivered.add("1"));
            slow.offer(4, 3, () -> delivered.add("3")); // waits for 2: a wait that would end at 3 s
            slow.offer(4, 5, () -> delivered.add("5"));
            await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).until(() -> true);
            slow.offer(4, 2, () -> delivered.add("2")); // 2 and 3 go; 5 now waits for 4, from now until 4.5 s
            assertThat(delivered).containsExactly("1", "2", "3");

            await().during(Duration.ofMillis(2_000)).atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 4);
            assertThat(delivered).containsExactly("1", "2", "3", "5");
        } finally {
            slow.close();
        }
    }

    private void offer(long key, long number, String what) {
        order.offer(key, number, () -> delivered.add(key + ":" + what));
    }
}
