package io.chatplatform.domain.crowd;

import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import io.chatplatform.domain.user.Actor;
import java.time.Clock;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Takes users' positions and keeps the zones' head counts (see {@link CrowdIndex}). Alerts leave through one
 * thread in the order the index decided them, so the sender of a position never waits for whoever listens;
 * stale positions are swept on another.
 */
@Service
public class CrowdService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CrowdService.class);

    private final CrowdIndex index;
    private final CrowdProperties properties;
    private final Clock clock;
    private final ThreadPoolExecutor dispatcher;
    private final ScheduledExecutorService sweeper;

    CrowdService(CrowdProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.dispatcher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("crowd-events-"));
        this.index = new CrowdIndex(properties.minUpdateInterval(), properties.hysteresisRatio(),
                event -> dispatch(events, event));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(daemonThreads("crowd-sweep-"));
        long interval = properties.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Records where the user is now.
     *
     * @throws DomainException BAD_REQUEST for a latitude outside [-90, 90] or a longitude outside [-180, 180];
     *                         RATE_LIMITED when the user's previous position is younger than the minimum interval
     */
    public void updateLocation(Actor actor, double lat, double lng) {
        if (!(lat >= -90 && lat <= 90)) {
            throw DomainException.badRequest("lat must be a number from -90 to 90");
        }
        if (!(lng >= -180 && lng <= 180)) {
            throw DomainException.badRequest("lng must be a number from -180 to 180");
        }
        if (index.update(actor.userId(), lat, lng, clock.instant()) == CrowdIndex.Outcome.RATE_LIMITED) {
            throw new DomainException(ErrorCode.RATE_LIMITED, "at most one LOCATION per "
                    + properties.minUpdateInterval().toMillis() + " ms");
        }
    }

    /** The user stopped sharing their position (their last location session closed). */
    public void forget(String userId) {
        index.forget(userId);
    }

    /** The live head count of a zone. */
    public int count(Long zoneId) {
        return index.count(zoneId);
    }

    void zonesChanged(Collection<CrowdZone> zones) {
        index.setZones(zones);
    }

    void sweep() {
        try {
            int forgotten = index.forgetOlderThan(clock.instant().minus(properties.positionTtl()));
            if (forgotten > 0) {
                log.debug("Forgot {} positions older than {}", forgotten, properties.positionTtl());
            }
        } catch (RuntimeException e) {
            log.error("Sweeping stale positions failed", e);
        }
    }

    private void dispatch(ApplicationEventPublisher events, Object event) {
        try {
            dispatcher.execute(() -> {
                try {
                    events.publishEvent(event);
                } catch (RuntimeException e) {
                    log.error("Handling {} failed", event, e);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("Dropped {}: shutting down", event);
        }
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
        dispatcher.shutdown();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
