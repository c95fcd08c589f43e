package io.chatplatform.domain.common;

import java.util.concurrent.ThreadFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** Threads of the node's own pools: daemon threads (they never hold the JVM up). */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** For a pool: its threads are named prefix + 1, 2, 3... */
    public static ThreadFactory named(String prefix) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
        threads.setDaemon(true);
        return threads;
    }

    /** For a single-thread executor: its thread (and any that replaces it) is named {@code name}. */
    public static ThreadFactory single(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
