package io.chatplatform.ws.session;

import io.chatplatform.domain.auth.TokenService;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * What every endpoint handler shares: the registry, token checks, the frame codec, the limits, a small pool that
 * performs closes (a close may wait on a slow client), and the sweep that closes sessions that never sent INIT
 * or whose token expired.
 */
@Component
public class EndpointSupport implements DisposableBean {

    final SessionRegistry registry;
    final TokenService tokens;
    final FrameCodec codec;
    final WsProperties properties;
    final Clock clock;
    final ThreadPoolExecutor closer;
    private final ScheduledExecutorService sweeper;

    EndpointSupport(SessionRegistry registry, TokenService tokens, FrameCodec codec, WsProperties properties,
            Clock clock) {
        this.registry = registry;
        this.tokens = tokens;
        this.codec = codec;
        this.properties = properties;
        this.clock = clock;
        this.closer = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("ws-close-"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(daemonThreads("ws-sweep-"));
        long interval = properties.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
    }

    public FrameCodec codec() {
        return codec;
    }

    public SessionRegistry registry() {
        return registry;
    }

    void sweep() {
        Instant now = clock.instant();
        Instant initDeadline = now.minus(properties.initTimeout());
        registry.forEach(session -> {
            if (!session.isAuthenticated()) {
                if (session.connectedAt().isBefore(initDeadline)) {
                    session.close(CloseCodes.unauthenticated("no INIT within " + properties.initTimeout().toSeconds() + "s"));
                }
            } else if (!session.tokenExpiresAt().isAfter(now)) {
                session.close(CloseCodes.unauthenticated("token expired"));
            }
        });
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
        closer.shutdown();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
