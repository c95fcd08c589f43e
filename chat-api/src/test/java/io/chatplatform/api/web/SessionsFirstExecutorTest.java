package io.chatplatform.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionsFirstExecutorTest {

    /** A task named for the test; those whose name starts with "session" count as open sessions' work. */
    private record Named(String name, List<String> ran) implements Runnable {

        @Override
        public void run() {
            ran.add(name);
        }
    }

    @Test
    void waitingTasksOfOpenSessionsRunBeforeWaitingRequestsEachKindInArrivalOrder() throws Exception {
        SessionsFirstExecutor workers = new SessionsFirstExecutor(1, 1, "test-exec-",
                task -> task instanceof Named named && named.name().startsWith("session"));
        try {
            List<String> ran = new CopyOnWriteArrayList<>();
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            workers.execute(() -> {
                busy.countDown();
                waitFor(release);
            });
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            // the one thread is busy: these all wait, handshakes first, as in a reconnect storm
            for (String name : List.of("request-1", "request-2", "session-1", "request-3", "session-2")) {
                workers.execute(new Named(name, ran));
            }
            assertThat(workers.getQueue()).hasSize(5);
            release.countDown();
            workers.shutdown();
            assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            assertThat(ran).containsExactly("session-1", "session-2", "request-1", "request-2", "request-3");
            assertThat(workers.sessionTasks()).isEqualTo(2);
            assertThat(workers.requestTasks()).isEqualTo(4); // the blocking task is not a session's
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void anIdleThreadTakesTheNextTaskAndThePoolGrowsOnlyWhileEveryThreadIsBusy() throws Exception {
        SessionsFirstExecutor workers = new SessionsFirstExecutor(2, 6, "test-exec-", task -> false);
        try {
            for (int i = 1; i <= 50; i++) { // one at a time: the next comes once the last one is done
                workers.execute(() -> { });
                long done = i; // counted by the pool after afterExecute, so the pool knows the thread is idle again
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                        .until(() -> workers.getCompletedTaskCount() == done);
            }
            assertThat(workers.getPoolSize()).as("the spare threads, not one per task").isEqualTo(2);

            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(6);
            List<String> ran = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 10; i++) {
                String name = "blocked-" + i;
                workers.execute(() -> {
                    started.countDown();
                    waitFor(release);
                    ran.add(name);
                });
            }
            assertThat(started.await(10, TimeUnit.SECONDS)).as("six threads at work").isTrue();
            assertThat(workers.getPoolSize()).isEqualTo(6);
            assertThat(workers.getQueue()).as("the rest wait for a thread").hasSize(4);
            release.countDown();
            workers.shutdown();
            assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).hasSize(10);
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void tasksThatAreNotSocketEventsCountAsOpenSessionsWork() {
        assertThat(SessionsFirstExecutor.ofUpgradedSocket(() -> { })).isTrue();
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
