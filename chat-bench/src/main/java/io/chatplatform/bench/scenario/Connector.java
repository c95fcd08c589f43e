package io.chatplatform.bench.scenario;

import io.chatplatform.bench.chat.ChatSession;
import io.chatplatform.bench.chat.Target;
import io.chatplatform.bench.report.RunResult;
import io.chatplatform.bench.stats.LatencyRecorder;
import io.chatplatform.bench.stats.Tally;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/** Opens many sessions with a bounded number of handshakes in flight and measures how fast they become READY. */
final class Connector {

    final LatencyRecorder latency = new LatencyRecorder();
    final Tally failures = new Tally();
    private final List<ChatSession> ready = new ArrayList<>();

    /**
     * Connects every session, or gives up on the rest after {@code 60 s + n / 50 s}; a session not READY within the
     * connect timeout is aborted and counted as failed.
     */
    RunResult.Connect connectAll(RunContext ctx, List<ChatSession> sessions) throws InterruptedException {
        return connectAll(ctx, sessions, session -> { });
    }

    /** As {@link #connectAll(RunContext, List)}, handing each session to {@code onReady} on its READY. */
    RunResult.Connect connectAll(RunContext ctx, List<ChatSession> sessions, Consumer<ChatSession> onReady)
            throws InterruptedException {
        return connectAll(ctx, sessions, onReady, session -> ctx.target());
    }

    /** As {@link #connectAll(RunContext, List, Consumer)}, each session to the target {@code targetOf} names. */
    RunResult.Connect connectAll(RunContext ctx, List<ChatSession> sessions, Consumer<ChatSession> onReady,
            Function<ChatSession, Target> targetOf) throws InterruptedException {
        Semaphore permits = new Semaphore(ctx.connectConcurrency());
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong lastReady = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(60 + sessions.size() / 50);
        long nextLine = start + TimeUnit.SECONDS.toNanos(1);
        int attempted = 0;
        boolean[] isReady = new boolean[sessions.size()];
        for (ChatSession session : sessions) {
            while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                nextLine = maybeLine(ctx, nextLine, start, ok, failed, sessions.size());
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            attempted++;
            long began = System.nanoTime();
            int position = attempted - 1;
            session.connect(ctx.client(), targetOf.apply(session))
                    .orTimeout(ctx.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((s, failure) -> {
                        long now = System.nanoTime();
                        if (failure == null) {
                            latency.recordNanos(now - began);
                            lastReady.accumulateAndGet(now, Math::max);
                            synchronized (isReady) {
                                isReady[position] = true;
                            }
                            ok.incrementAndGet();
                            onReady.accept(session);
                        } else {
                            failures.add(reason(failure));
                            session.abort();
                            failed.incrementAndGet();
                        }
                        permits.release();
                    });
            nextLine = maybeLine(ctx, nextLine, start, ok, failed, sessions.size());
        }
        while (ok.get() + failed.get() < attempted && System.nanoTime() < deadline) {
            Thread.sleep(50);
            nextLine = maybeLine(ctx, nextLine, start, ok, failed, sessions.size());
        }
        synchronized (isReady) {
            for (int i = 0; i < sessions.size(); i++) {
                if (isReady[i]) {
                    ready.add(sessions.get(i));
                }
            }
        }
        double seconds = Math.max(1e-9, ((ok.get() > 0 ? lastReady.get() : System.nanoTime()) - start) / 1e9);
        int notReady = sessions.size() - ready.size();
        return new RunResult.Connect(sessions.size(), ready.size(), notReady, round(seconds),
                round(ready.size() / seconds));
    }

    List<ChatSession> ready() {
        return ready;
    }

    private long maybeLine(RunContext ctx, long nextLine, long start, AtomicInteger ok, AtomicInteger failed,
            int total) {
        long now = System.nanoTime();
        if (now < nextLine) {
            return nextLine;
        }
        double seconds = (now - start) / 1e9;
        ctx.progress().line("connect", String.format("%,d/%,d ready, %,d failed, %,.0f/s", ok.get(), total,
                failed.get(), ok.get() / seconds));
        return nextLine + TimeUnit.SECONDS.toNanos(1);
    }

    static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "timeout waiting for READY";
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() > 120 ? message.substring(0, 120) : message;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
