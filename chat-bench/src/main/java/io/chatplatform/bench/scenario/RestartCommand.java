package io.chatplatform.bench.scenario;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The operator's command that restarts the target ({@code --restart-command}), run once with {@code sh -c}. Its
 * contract (also in the usage text): it makes the target drop every connection (stop or kill the process) and start
 * again on the same URL with the same data; it returns only once the old process is gone, because a server shutting
 * down gracefully may accept handshakes until it exits, and it may return before or after the new one is ready
 * (clients reconnect by themselves with backoff); exit status 0 means it did its job. It runs with chat-bench's
 * environment; its standard output and error go to chat-bench's standard error, so the result lines stay clean. A
 * server it starts must not hold those streams open (redirect its output), or the command's end is not seen until
 * that server exits.
 */
final class RestartCommand {

    private final String command;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile long startedNanos;
    private volatile long endedNanos;

    RestartCommand(String command) {
        this.command = command;
    }

    /** Starts the command; returns at once. */
    void start() throws IOException {
        Process process = new ProcessBuilder("sh", "-c", "exec 1>&2\n" + command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        startedNanos = System.nanoTime();
        process.onExit().whenComplete((done, failure) -> {
            endedNanos = System.nanoTime();
            exit.complete(failure == null ? done.exitValue() : -1);
        });
    }

    long startedNanos() {
        return startedNanos;
    }

    CompletableFuture<Integer> exit() {
        return exit;
    }

    /** Seconds the command ran, or -1 while it runs. */
    double seconds() {
        return exit.isDone() ? (endedNanos - startedNanos) / 1e9 : -1;
    }
}
