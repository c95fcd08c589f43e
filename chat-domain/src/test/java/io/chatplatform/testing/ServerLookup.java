package io.chatplatform.testing;

import java.util.Optional;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;

/**
 * A server tests need, looked for once per JVM, on first use: what reaches it, or why the tests that need it are
 * skipped here (then a test that asks for it anyway fails, saying why, instead of meeting a null).
 */
public final class ServerLookup<T> {

    private final String name;
    private final Supplier<Outcome<T>> lookup;
    private Outcome<T> outcome;

    /** {@code lookup} runs at most once (again only if it threw); {@code name} heads the failure when it found none. */
    public ServerLookup(String name, Supplier<Outcome<T>> lookup) {
        this.name = name;
        this.lookup = lookup;
    }

    /** What a look-up found: a server, or the reason there is none. */
    public record Outcome<T>(T server, String unavailable) {

        public static <T> Outcome<T> found(T server) {
            return new Outcome<>(server, null);
        }

        public static <T> Outcome<T> unavailable(String reason) {
            return new Outcome<>(null, reason);
        }
    }

    /** Why tests needing the server cannot run here, or empty when they can. */
    public synchronized Optional<String> unavailableReason() {
        return Optional.ofNullable(outcome().unavailable());
    }

    public synchronized T get() {
        Outcome<T> found = outcome();
        if (found.server() == null) {
            throw new IllegalStateException(name + " unavailable: " + found.unavailable());
        }
        return found.server();
    }

    private Outcome<T> outcome() {
        if (outcome == null) {
            outcome = lookup.get();
        }
        return outcome;
    }

    /** Whether Testcontainers finds a Docker engine (false, not an error, where it finds none or is not there). */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
