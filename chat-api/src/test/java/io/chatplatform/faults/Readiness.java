package io.chatplatform.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatplatform.testing.RestApi;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Polls a node's readiness probe ({@code /actuator/health/readiness}) as a load balancer would, every 200 ms, and
 * keeps what it saw, so that a test can say when it turned DOWN (503) and that it came UP (200) again on its own.
 */
final class Readiness {

    record Sample(long atNanos, int status) {
    }

    private final RestApi rest;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final Thread poller;
    private volatile boolean stopped;

    private Readiness(RestApi rest) {
        this.rest = rest;
        this.poller = new Thread(this::poll, "readiness-poller");
        poller.setDaemon(true);
    }

    static Readiness watch(RestApi rest) {
        Readiness readiness = new Readiness(rest);
        readiness.poller.start();
        return readiness;
    }

    private void poll() {
        while (!stopped) {
            samples.add(new Sample(System.nanoTime(), status()));
            try {
                Thread.sleep(200); // a probe's period, not a wait for the server
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private int status() {
        try {
            return rest.get("/actuator/health/readiness", null).status();
        } catch (UncheckedIOException e) {
            return -1; // no answer at all: a probe that times out counts as not ready, and is noted as such
        }
    }

    void stop() {
        stopped = true;
        poller.interrupt();
    }

    /** The probe answered 503 at some time between the fault's start and {@code within} after it. */
    void assertDownWithin(long faultStartedNanos, Duration within) {
        long limit = faultStartedNanos + within.toNanos();
        List<Sample> seen = List.copyOf(samples);
        assertThat(seen).as("a 503 from the readiness probe within %s of the fault", within)
                .anySatisfy(sample -> {
                    assertThat(sample.atNanos()).isBetween(faultStartedNanos, limit);
                    assertThat(sample.status()).isEqualTo(503);
                });
        assertThat(seen).as("the probe always answered (never hung past the client's timeout)")
                .noneSatisfy(sample -> assertThat(sample.status()).isEqualTo(-1));
    }

    /** Readiness comes back to 200 once the part is back, with no restart. */
    void assertUpAgain() {
        await().alias("readiness UP again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> rest.get("/actuator/health/readiness", null).status() == 200);
    }
}
