package io.chatplatform.bench.stats;

import io.chatplatform.bench.chat.RestApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The target's memory and CPU, from whatever it offers: heap used from Actuator
 * ({@code jvm.memory.used?tag=area:heap}, absent on non-Spring targets), RSS and CPU time from {@code /proc/<pid>}
 * when the target runs on this machine and {@code --server-pid} names it. A full GC can be forced only on a local
 * JVM, through {@code jcmd <pid> GC.run}; there is no HTTP endpoint for it.
 */
public final class ServerProbe {

    /** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final RestApi rest;
    private final long pid;

    /** @param pid the target's process id on this machine, or -1 */
    public ServerProbe(RestApi rest, long pid) {
        this.rest = rest;
        this.pid = pid;
    }

    /**
     * A reading; negative numbers mean "not available".
     *
     * @param heapBytes  Actuator heap used
     * @param rssBytes   resident set size (VmRSS)
     * @param cpuSeconds user + system CPU time of the whole process so far
     * @param gcForced   whether a full GC ran just before the heap reading
     */
    public record Reading(double heapBytes, long rssBytes, double cpuSeconds, boolean gcForced) {
    }

    public Reading read(boolean forceGc) {
        boolean forced = forceGc && forceGc();
        OptionalDouble heap = rest.metric("jvm.memory.used", "area:heap");
        return new Reading(heap.orElse(-1), rssBytes(), cpuSeconds(), forced);
    }

    /** CPU seconds only: cheap enough to read at phase boundaries. */
    public double cpuSeconds() {
        if (pid < 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // fields after the ")" that ends the command name: state is field 3, utime 14, stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public long rssBytes() {
        if (pid < 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Whether a local JVM target ran a full GC on request. */
    private boolean forceGc() {
        if (pid < 0 || !isJvm()) {
            return false;
        }
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return false;
            }
            return jcmd.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean isJvm() {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            return cmdline.contains("java");
        } catch (IOException e) {
            return false;
        }
    }
}
