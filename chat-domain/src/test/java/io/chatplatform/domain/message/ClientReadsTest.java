package io.chatplatform.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bulkhead between clients' reads of rooms and the message writer: reads beyond the permits wait their turn
 * (and give up {@code UNAVAILABLE} after the pool's wait), and a failed read gives its turn back. On the real pool:
 * {@link ClientReadsPoolTest}.
 */
class ClientReadsTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aReadBeyondThePermitsWaitsForATurnToBeGivenBack() throws Exception {
        ClientReads reads = new ClientReads(2, Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(2);
        List<CompletableFuture<String>> holding = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            holding.add(CompletableFuture.supplyAsync(() -> reads.run(() -> {
                inside.countDown();
                awaitRelease(release);
                return "held";
            }), threads));
        }
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        CountDownLatch thirdInside = new CountDownLatch(1);
        CompletableFuture<String> third = CompletableFuture.supplyAsync(() -> reads.run(() -> {
            thirdInside.countDown();
            return "third";
        }), threads);

        await().atMost(Duration.ofSeconds(10)).until(() -> reads.waiting() == 1);
        assertThat(thirdInside.getCount()).as("a third read while two hold the turns").isEqualTo(1);
        release.countDown();
        assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("third");
        assertThat(holding).allSatisfy(read -> assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("held"));
    }

    @Test
    void aReadThatGetsNoTurnWithinThePoolsWaitIsUnavailable() throws Exception {
        ClientReads reads = new ClientReads(1, Duration.ofMillis(100));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> reads.run(() -> {
            inside.countDown();
            awaitRelease(release);
            return "held";
        }), threads);
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        DomainException refused = catchThrowableOfType(DomainException.class, () -> reads.run(() -> "late"));

        assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("held");
        assertThat(reads.run(() -> "after")).isEqualTo("after");
    }

    @Test
    void aReadThatFailsGivesItsTurnBack() {
        ClientReads reads = new ClientReads(1, Duration.ofMillis(100));

        catchThrowableOfType(IllegalStateException.class, () -> reads.run(() -> {
            throw new IllegalStateException("the read failed");
        }));

        assertThat(reads.run(() -> "next")).isEqualTo("next");
    }

    @Test
    void thePermitsAreThePoolLessTheWritersAndThreeMoreAndAtLeastOne() {
        assertThat(ClientReads.derived(10, 1)).isEqualTo(6);
        assertThat(ClientReads.derived(10, 2)).isEqualTo(5);
        assertThat(ClientReads.derived(4, 2)).isEqualTo(1);
    }

    static void awaitRelease(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
