package io.chatplatform.ws.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The room delivery threads run each room's tasks in order, and outlive a task that fails. */
class RoomDeliveryTest {

    final RoomDelivery delivery = new RoomDelivery(1);

    @AfterEach
    void stop() {
        delivery.destroy();
    }

    @Test
    void aTaskThatThrowsAnErrorDoesNotStopTheRoomsThread() throws InterruptedException {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch last = new CountDownLatch(1);

        delivery.execute(1L, () -> ran.add("before"));
        delivery.execute(1L, () -> {
            throw new StackOverflowError("a task that recursed too deep");
        });
        delivery.execute(1L, () -> {
            throw new IllegalStateException("a task that failed");
        });
        delivery.execute(1L, () -> {
            ran.add("after");
            last.countDown();
        });

        assertThat(last.await(10, TimeUnit.SECONDS)).as("the task after the failures ran").isTrue();
        assertThat(ran).containsExactly("before", "after");
    }
}
