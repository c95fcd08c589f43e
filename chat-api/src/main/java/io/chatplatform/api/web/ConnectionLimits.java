package io.chatplatform.api.web;

import java.util.Optional;

/**
 * How many connections Tomcat may hold and queue, given the process's open-file limit: each socket is a file, so
 * a cap above the limit does not hold more clients, it makes accepting fail with "Too many open files". Part of
 * the limit is kept for what else the server opens (jars, database and Redis connections, logs, H2's files).
 *
 * @param maxConnections sockets Tomcat holds open at once
 * @param acceptCount    connections the kernel queues while Tomcat is at its cap (clamped by {@code somaxconn})
 */
record ConnectionLimits(int maxConnections, int acceptCount) {

    /** Files kept for anything but client sockets: a tenth of the limit, and at least this many. */
    static final int MIN_HEADROOM = 256;
    /**
     * The idle sockets a plain {@code java -Xmx512m -jar chat-server.jar} is sized to hold: a limit that allows
     * fewer (an open-file limit under about 16,700) deserves a warning.
     */
    static final int SIZED_FOR = 15_000;
    static final int MAX_ACCEPT_COUNT = 4096;
    static final int MIN_ACCEPT_COUNT = 100;

    /** The largest cap the open-file limit supports. */
    static ConnectionLimits forOpenFileLimit(long openFileLimit) {
        long headroom = Math.max(MIN_HEADROOM, openFileLimit / 10);
        int cap = (int) Math.max(1, Math.min(Integer.MAX_VALUE, openFileLimit - headroom));
        int acceptCount = Math.max(MIN_ACCEPT_COUNT, Math.min(MAX_ACCEPT_COUNT, cap / 4));
        return new ConnectionLimits(cap, acceptCount);
    }

    /**
     * What to warn about at start, if anything: a configured cap the open-file limit cannot serve, or a limit so
     * low that this node holds fewer sockets than it is sized for ({@link #SIZED_FOR}).
     */
    static Optional<String> warning(long openFileLimit, Integer configuredMaxConnections) {
        int supported = forOpenFileLimit(openFileLimit).maxConnections();
        if (configuredMaxConnections != null && configuredMaxConnections > supported) {
            return Optional.of("server.tomcat.max-connections is " + configuredMaxConnections
                    + " but the open-file limit (" + openFileLimit + ") leaves room for about " + supported
                    + " sockets: past that, accepting fails with \"Too many open files\". " + HOW_TO_RAISE);
        }
        if (configuredMaxConnections == null && supported < SIZED_FOR) {
            return Optional.of("The open-file limit (" + openFileLimit + ") lets this node hold only " + supported
                    + " WebSocket connections, fewer than the " + SIZED_FOR + " its memory is sized for. "
                    + HOW_TO_RAISE);
        }
        return Optional.empty();
    }

    static final String HOW_TO_RAISE = "Raise the limit for the server's process: `ulimit -n 65536` in the shell "
            + "that starts it, LimitNOFILE=65536 in a systemd unit, `--ulimit nofile=65536:65536` for docker run or "
            + "`ulimits: nofile: 65536` in docker compose.";
}
