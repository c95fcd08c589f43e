package io.chatplatform.domain.crowd;

import io.chatplatform.domain.common.DaemonThreads;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.user.Actor;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Takes users' positions and keeps the zones' head counts: in this node's memory ({@link CrowdIndex}), or, in a
 * cluster, in the {@link CrowdLedger} the nodes share ({@link SharedCrowdCounts}). Positions are checked first,
 * then paced: at most one per user per {@code chat.crowd.min-update-interval} is applied, and one that comes sooner
 * is not refused but waits, the latest winning, until the interval ends ({@link LocationCoalescer}, whose timer
 * runs on {@code crowd-pace-1}). Alerts leave through one thread in the order the index decided them, so the
 * sender of a position never waits for whoever listens; stale positions are swept on another.
 */
@Service
public class CrowdService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CrowdService.class);

    private final CrowdCounts index;
    private final LocationCoalescer coalescer;
    private final CrowdProperties properties;
    private final Clock clock;
    private final ThreadPoolExecutor dispatcher;
    private final ScheduledExecutorService sweeper;
    private final ScheduledExecutorService pacer;

    /**
     * @param ledger present in cluster mode: the counts are shared through it; absent, this node counts alone, in
     *               memory
     */
    CrowdService(CrowdProperties properties, ApplicationEventPublisher events, Clock clock,
            ObjectProvider<CrowdLedger> ledger, ZoneRepository zones) {
        this.properties = properties;
        this.clock = clock;
        this.dispatcher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("crowd-events-"));
        CrowdLedger shared = ledger.getIfAvailable();
        this.index = shared == null
                ? new CrowdIndex(properties.hysteresisRatio(), event -> dispatch(events, event))
                : new SharedCrowdCounts(shared, properties.hysteresisRatio(),
                        () -> zones.findAll().stream().map(Zone::crowdZone).toList(),
                        (event, acknowledge) -> dispatch(events, event, acknowledge));
        this.pacer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("crowd-pace-"));
        this.coalescer = new LocationCoalescer(properties.minUpdateInterval().toMillis(),
                () -> clock.instant().toEpochMilli(), // works with any Clock, a JDK 17 sub-millisecond tick clock too
                this::later, new LocationCoalescer.Target() {
                    @Override
                    public void apply(String userId, double lat, double lng) {
                        index.update(userId, lat, lng, clock.instant());
                    }

                    @Override
                    public void forget(String userId) {
                        index.forget(userId);
                    }
                });
        this.sweeper = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("crowd-sweep-"));
        long interval = properties.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(() -> sweep(clock.instant()), interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Records where the user is now: at once, or when the minimum interval since their previous position ends (a
     * position that arrives in between replaces this one).
     *
     * @throws DomainException BAD_REQUEST for a latitude outside [-90, 90] or a longitude outside [-180, 180],
     *                         whatever the timing
     */
    public void updateLocation(Actor actor, double lat, double lng) {
        if (!(lat >= -90 && lat <= 90)) {
            throw DomainException.badRequest("lat must be a number from -90 to 90");
        }
        if (!(lng >= -180 && lng <= 180)) {
            throw DomainException.badRequest("lng must be a number from -180 to 180");
        }
        coalescer.offer(actor.userId(), lat, lng);
    }

    /** The user stopped sharing their position (their last location session closed): a waiting one is dropped. */
    public void forget(String userId) {
        coalescer.forget(userId);
    }

    /** The live head count of a zone. */
    public int count(Long zoneId) {
        return index.count(zoneId);
    }

    void zonesChanged(Collection<CrowdZone> zones) {
        index.setZones(zones);
    }

    /**
     * What the sweep does every {@code chat.crowd.sweep-interval}, as at {@code now}: forgets positions older than
     * the TTL and, in a cluster, publishes the alert transitions of nodes that died before publishing them.
     */
    public void sweep(Instant now) {
        try {
            index.redeliverClaimedBefore(now.minus(properties.redeliverAfter()));
        } catch (RuntimeException e) {
            log.error("Redelivering pending crowd alerts failed", e);
        }
        try {
            Instant cutoff = now.minus(properties.positionTtl());
            coalescer.forgetSlotsOlderThan(cutoff.toEpochMilli());
            int forgotten = index.forgetOlderThan(cutoff);
            if (forgotten > 0) {
                log.debug("Forgot {} positions older than {}", forgotten, properties.positionTtl());
            }
        } catch (RuntimeException e) {
            log.error("Sweeping stale positions failed", e);
        }
    }

    private void later(Runnable task, long delayMillis) {
        try {
            pacer.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("Applying a paced position failed", e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("Dropped a paced position: shutting down");
        }
    }

    private void dispatch(ApplicationEventPublisher events, Object event) {
        dispatch(events, event, () -> { });
    }

    /** Publishes the event on the event thread, then, if no listener failed, runs {@code published}. */
    private void dispatch(ApplicationEventPublisher events, Object event, Runnable published) {
        try {
            dispatcher.execute(() -> {
                try {
                    events.publishEvent(event);
                    published.run();
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
        pacer.shutdownNow();
        dispatcher.shutdown();
    }
}
