package io.chatplatform.bench.scenario;

/** The once-a-second progress line, stamped with the time since the run started. */
public final class Progress {

    private final boolean quiet;
    private final long startNanos = System.nanoTime();

    public Progress(boolean quiet) {
        this.quiet = quiet;
    }

    public void line(String phase, String text) {
        if (!quiet) {
            System.out.printf("[%6.1fs %-9s] %s%n", (System.nanoTime() - startNanos) / 1e9, phase, text);
            System.out.flush();
        }
    }

    /** Always printed: set-up steps and problems. */
    public void note(String text) {
        System.out.printf("[%6.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, text);
        System.out.flush();
    }

    static void sleepUntil(long deadlineNanos) {
        long wait = deadlineNanos - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
