package io.chatplatform.domain.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatplatform.domain.common.DaemonThreads;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which user ids the system already knows, whether or not they have a local account. A user id needs no account,
 * so an id can own rooms and notifications before anyone registers it; registering such an id would hand all of
 * that to whoever registers first.
 */
@Component
class UserIdRegistry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(UserIdRegistry.class);
    /** About 100 bytes an entry: a few MB at most, and a miss costs one indexed insert-if-absent. */
    private static final int CACHED_IDS = 50_000;
    /** Ids waiting for the writer; past this many (the database is down or slow), callers insert themselves. */
    private static final int MAX_PENDING = 100_000;
    private static final long RETRY_MILLIS = 1_000;
    /**
     * How long the writer collects new ids before it stores them. Without it, a new id arriving every millisecond
     * or so (a thousand fresh handshakes a second) made each a commit of its own; this node counts pending ids as
     * known meanwhile, so only other nodes see an id this much later.
     */
    static final Duration LINGER = Duration.ofMillis(50);

    /*
     * One round trip over every table that holds a user id someone else may have handed out: room members,
     * notification recipients, ids seen on verified tokens (and, through V6, earlier senders and room creators),
     * deleted accounts. Each is an index lookup.
     */
    private static final String KNOWN = """
            select case when exists (select 1 from seen_user_ids where user_id = ?1)
                          or exists (select 1 from memberships where user_id = ?2)
                          or exists (select 1 from notifications where user_id = ?3)
                          or exists (select 1 from revoked_users where user_id = ?4)
                        then 1 else 0 end""";

    /*
     * Insert-if-absent that runs unchanged on H2 and PostgreSQL. Two nodes seeing a new id at the same moment may
     * both pass the "not exists"; the primary key keeps one row and the other insert fails, which is fine.
     */
    private static final String RECORD = """
            insert into seen_user_ids (user_id, first_seen_at)
            select cast(? as varchar(128)), cast(? as timestamp with time zone)
            where not exists (select 1 from seen_user_ids where user_id = ?)""";

    private final EntityManager entityManager;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final long lingerMillis;
    /** Ids known to be in {@code seen_user_ids}: authentication hits the database once per id, not per request. */
    private final Cache<String, Boolean> recorded = Caffeine.newBuilder().maximumSize(CACHED_IDS).build();
    /** Ids seen but not yet known to be stored; {@link #isKnown} counts them, so this node never lets one go. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.single("seen-ids-writer"));

    @Autowired
    UserIdRegistry(EntityManager entityManager, DataSource dataSource, PlatformTransactionManager transactions,
            Clock clock) {
        this(entityManager, dataSource, transactions, clock, LINGER);
    }

    UserIdRegistry(EntityManager entityManager, DataSource dataSource, PlatformTransactionManager transactions,
            Clock clock, Duration linger) {
        this.lingerMillis = linger.toMillis();
        this.entityManager = entityManager;
        this.jdbc = new JdbcTemplate(dataSource);
        this.ownTransaction = new TransactionTemplate(transactions);
        // Its own transaction: a failed insert must not spoil a caller's (PostgreSQL aborts the whole transaction).
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Whether anything but a local account already refers to {@code userId}. Through JPA, so that changes of the
     * caller's transaction not yet flushed (a deletion a moment ago) are flushed first and counted.
     */
    boolean isKnown(String userId) {
        if (pending.contains(userId)) {
            return true;
        }
        Number known = (Number) entityManager.createNativeQuery(KNOWN)
                .setParameter(1, userId).setParameter(2, userId).setParameter(3, userId).setParameter(4, userId)
                .getSingleResult();
        return known.intValue() == 1;
    }

    /**
     * Remembers that a verified token named {@code userId}, without making the caller (a handshake) wait for the
     * database: a new id is stored by a background writer, together with the others that arrive within the linger
     * ({@link #LINGER}) after it, and counts as known on this node from this call on. Safe to call from every node.
     */
    void recordSeen(String userId) {
        if (recorded.getIfPresent(userId) != null) {
            return;
        }
        if (pending.size() >= MAX_PENDING) {
            store(List.of(userId)); // the writer is behind: this caller waits, as a bound on what is held
            return;
        }
        if (pending.add(userId)) {
            scheduleFlush(lingerMillis);
        }
    }

    private void scheduleFlush(long delayMillis) {
        if (flushScheduled.compareAndSet(false, true)) {
            writer.schedule(this::flush, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void flush() {
        flushScheduled.set(false); // ids added from here on schedule another flush
        List<String> batch = new ArrayList<>(pending);
        if (batch.isEmpty()) {
            return;
        }
        try {
            store(batch);
            pending.removeAll(batch);
        } catch (RuntimeException e) {
            log.warn("Could not record {} seen user ids ({}); retrying in {} ms", batch.size(), e.toString(),
                    RETRY_MILLIS);
            scheduleFlush(RETRY_MILLIS);
        }
    }

    /** Inserts the ids that are not stored yet; another node inserting one of them at the same time is fine. */
    private void store(List<String> userIds) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.batchUpdate(RECORD,
                    userIds.stream().map(id -> new Object[] {id, now, id}).toList()));
        } catch (DataIntegrityViolationException raced) {
            for (String userId : userIds) { // one by one, so that the ids no other node stored get stored
                try {
                    ownTransaction.executeWithoutResult(status -> jdbc.update(RECORD, userId, now, userId));
                } catch (DataIntegrityViolationException recordedByAnotherNode) {
                    // the row exists: that is all this class promises
                }
            }
        }
        userIds.forEach(id -> recorded.put(id, Boolean.TRUE));
    }

    /** Stores what is still pending, so that a clean stop loses no id. */
    @Override
    public void destroy() {
        writer.shutdownNow();
        List<String> rest = new ArrayList<>(pending);
        if (!rest.isEmpty()) {
            try {
                store(rest);
            } catch (RuntimeException e) {
                log.warn("Could not record {} seen user ids at shutdown: {}", rest.size(), e.toString());
            }
        }
    }
}
