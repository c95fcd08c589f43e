package io.chatplatform.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventsTest {

    @Test
    void eventsReachListenersInOrderOneAtATimeEvenOnAPoolOfThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Events events = new Events(pool);
            List<Long> seen = new CopyOnWriteArrayList<>();
            int[] inside = {0};
            boolean[] overlapped = {false};
            CountDownLatch done = new CountDownLatch(1);
            events.on("message", frame -> {
                synchronized (inside) {
                    overlapped[0] |= inside[0]++ > 0;
                }
                seen.add(frame.longValue("seq"));
                Thread.yield();
                synchronized (inside) {
                    inside[0]--;
                }
                if (frame.longValue("seq") == 2000) {
                    done.countDown();
                }
            });
            for (long seq = 1; seq <= 2000; seq++) {
                events.emit("message", Frame.of("type", "MESSAGE", "seq", seq));
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).hasSize(2000).isSorted();
            assertThat(overlapped[0]).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersAndWildcardSeesEverything() throws Exception {
        Events events = new Events(Runnable::run);
        List<String> seen = new CopyOnWriteArrayList<>();
        events.on("typing", frame -> {
            throw new IllegalStateException("boom");
        });
        events.on("typing", frame -> seen.add("typing"));
        events.on("*", frame -> seen.add("*" + frame.event()));
        AutoCloseable gone = events.on("read", frame -> seen.add("read"));
        gone.close();

        events.emit("typing", Frame.of("type", "TYPING"));
        events.emit("read", Frame.of("type", "READ"));

        assertThat(seen).containsExactly("typing", "*typing", "*read");
    }

    @Test
    void aListenerThrowingAnErrorDoesNotStopTheOthersNorTheEventsThread() throws Exception {
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            Events events = new Events(thread);
            List<String> seen = new CopyOnWriteArrayList<>();
            events.on("typing", frame -> {
                throw new AssertionError("a test's assertion in a listener");
            });
            events.on("typing", frame -> seen.add("typing"));

            events.emit("typing", Frame.of("type", "TYPING"));
            events.emit("typing", Frame.of("type", "TYPING"));

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> seen.size() == 2);
        } finally {
            thread.shutdownNow();
        }
    }
}
