package io.chatplatform.bench;

import java.time.Duration;

/** Ends the process when a run overstays its time limit, whatever it is waiting for. */
final class Watchdog {

    private Watchdog() {
    }

    static void start(Duration limit) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("chat-bench: exceeded --max-time " + limit.toSeconds() + " s, stopping");
            Runtime.getRuntime().halt(3);
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
