package io.chatplatform.domain.user;

import io.chatplatform.domain.common.DaemonThreads;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Every token revocation, in memory, so that checking a token (every handshake, INIT, REFRESH and REST call) costs
 * no query. Revocations only move forward (renewed to a later instant, never removed), so what is learnt merges
 * by the later instant and nothing is evicted: the table holds one narrow row per deleted or demoted account.
 * <p>
 * Kept current three ways: this node's own revocations once they commit ({@link TokensRevoked}); other nodes'
 * when they say so ({@link #reread}, over the cluster bus); and a reload of the whole table every
 * {@code chat.auth.revocation-reload} for whatever news was missed (a node cut off from the bus, the {@code admin}
 * command run from another process). Until the first load, and whenever the last successful load is older than
 * two intervals (the database is unreachable), each check asks the database as before: a node never answers from
 * a map staler than that.
 */
@Component
class RevokedTokens implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RevokedTokens.class);

    private final RevocationRepository repository;
    private final LongSupplier nanoTime;
    private final long trustedForNanos;
    private final Map<String, Instant> revokedAt = new ConcurrentHashMap<>();
    /** When the last full load started (System.nanoTime), or null before the first one. */
    private volatile Long loadedAt;
    private final ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.single("revocation-reload"));

    @Autowired
    RevokedTokens(RevocationRepository repository, RevocationPolicy properties) {
        this(repository, properties, System::nanoTime);
        reloadQuietly(); // before the first handshake, so that none has to ask the database
        long every = properties.revocationReload().toMillis();
        reloader.scheduleWithFixedDelay(this::reloadQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Without the background reload: tests call {@link #reload} and move {@code nanoTime} themselves. */
    RevokedTokens(RevocationRepository repository, RevocationPolicy properties, LongSupplier nanoTime) {
        this.repository = repository;
        this.nanoTime = nanoTime;
        this.trustedForNanos = properties.revocationReload().multipliedBy(2).toNanos();
    }

    boolean covers(String userId, Instant issuedAt) {
        Long loaded = loadedAt;
        if (loaded == null || nanoTime.getAsLong() - loaded > trustedForNanos) {
            return repository.findById(userId).map(row -> row.covers(issuedAt)).orElse(false);
        }
        Instant at = revokedAt.get(userId);
        return at != null && Revocation.covers(at, issuedAt);
    }

    /**
     * What memory says, however old the last load: revocations only move forward, so what is in memory is true,
     * only possibly incomplete. For checks that run too often to ask the database (the sweep of open sessions).
     * {@code issuedAtSecond} is {@link Long#MIN_VALUE} for a token without {@code iat}, which every revocation covers.
     */
    boolean coversAsKnown(String userId, long issuedAtSecond) {
        Instant at = revokedAt.get(userId);
        return at != null && issuedAtSecond <= at.getEpochSecond();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TokensRevoked revoked) {
        learn(revoked.userId(), revoked.revokedAt());
    }

    /** Reads the revocations of these users again: another node has just revoked their tokens. */
    void reread(Collection<String> userIds) {
        repository.findAllById(userIds).forEach(row -> learn(row.userId(), row.revokedAt()));
    }

    void reload() {
        long started = nanoTime.getAsLong();
        repository.findAll().forEach(row -> learn(row.userId(), row.revokedAt()));
        loadedAt = started;
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            log.warn("Could not reload token revocations ({}); checks ask the database once the cache is older than "
                    + "{} s", e.toString(), trustedForNanos / 1_000_000_000L);
        }
    }

    private void learn(String userId, Instant at) {
        revokedAt.merge(userId, at, (known, heard) -> heard.isAfter(known) ? heard : known);
    }

    @Override
    public void destroy() {
        reloader.shutdownNow();
    }
}
