package io.chatplatform.domain.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.ZoneOffset;
import javax.sql.DataSource;
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
class UserIdRegistry {

    /** About 100 bytes an entry: a few MB at most, and a miss costs one indexed insert-if-absent. */
    private static final int CACHED_IDS = 50_000;

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
    /** Ids known to be in {@code seen_user_ids}: authentication hits the database once per id, not per request. */
    private final Cache<String, Boolean> recorded = Caffeine.newBuilder().maximumSize(CACHED_IDS).build();

    UserIdRegistry(EntityManager entityManager, DataSource dataSource, PlatformTransactionManager transactions,
            Clock clock) {
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
        Number known = (Number) entityManager.createNativeQuery(KNOWN)
                .setParameter(1, userId).setParameter(2, userId).setParameter(3, userId).setParameter(4, userId)
                .getSingleResult();
        return known.intValue() == 1;
    }

    /** Remembers that a verified token named {@code userId}. Cheap once recorded; safe to call from every node. */
    void recordSeen(String userId) {
        if (recorded.getIfPresent(userId) != null) {
            return;
        }
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update(RECORD, userId,
                    clock.instant().atOffset(ZoneOffset.UTC), userId));
        } catch (DataIntegrityViolationException recordedByAnotherNode) {
            // the row exists: that is all this method promises
        }
        recorded.put(userId, Boolean.TRUE);
    }
}
