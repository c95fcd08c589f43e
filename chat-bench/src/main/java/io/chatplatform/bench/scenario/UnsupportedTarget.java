package io.chatplatform.bench.scenario;

/** The target lacks what a scenario needs (e.g. SYNC for {@code reconnect}): the run is skipped, not failed. */
public final class UnsupportedTarget extends Exception {

    public UnsupportedTarget(String message) {
        super(message);
    }
}
