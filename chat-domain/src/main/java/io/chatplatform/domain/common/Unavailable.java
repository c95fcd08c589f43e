package io.chatplatform.domain.common;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * {@link ErrorCode#UNAVAILABLE}: the database (or, in cluster mode, Redis) did not answer in time, or the connection
 * to it broke. Says nothing
 * about whether the work was done (a commit whose reply was lost may have been stored): the client repeats the same
 * request after {@link #retryAfter()}, and idempotency keys make the repeat converge.
 */
public class Unavailable extends DomainException {

    /** SQLSTATE classes of a lost or refused connection (08), an operator's shutdown or a cancelled statement (57). */
    private static final Set<String> TRANSIENT_SQL_STATE_CLASSES = Set.of("08", "57", "53");

    /**
     * Failures of libraries the domain does not otherwise name: a lost connection as Hibernate reports it; a commit or
     * rollback that failed against the connection (Hibernate's {@code TransactionException}, which Spring passes on
     * as a {@code JpaSystemException}: a rollback on a connection the pool has already closed as broken fails with a
     * plain "Connection is closed" that carries no SQLSTATE, and replaces the outage that caused it); a pool that
     * could not open its first connection.
     */
    private static final Set<String> OUTAGE_CLASS_NAMES = Set.of(
            "org.hibernate.exception.JDBCConnectionException",
            "org.hibernate.TransactionException",
            "com.zaxxer.hikari.pool.HikariPool$PoolInitializationException");

    /**
     * Redis away (cluster mode): a command that timed out, or no connection. Not Lettuce's other failures (a
     * script's error is a bug). Named here since the domain does not depend on Lettuce.
     */
    private static final Set<String> REDIS_OUTAGE_CLASS_NAMES = Set.of(
            "io.lettuce.core.RedisCommandTimeoutException",
            "io.lettuce.core.RedisConnectionException");

    private final Duration retryAfter;

    public Unavailable(String message, Duration retryAfter) {
        super(ErrorCode.UNAVAILABLE, message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} for a {@code Retry-After} header: whole seconds, rounded up, at least one. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /**
     * Whether a failure is the database being away or slow (a broken or refused connection, a timeout, a commit that
     * failed), rather than a rule or a bug: such a failure gets {@code UNAVAILABLE}, never {@code INTERNAL}, whose
     * "nothing was changed" nobody could promise.
     */
    public static boolean isOutage(Throwable failure) {
        return causes(failure).anyMatch(Unavailable::isOutageItself);
    }

    private static boolean isOutageItself(Throwable cause) {
        if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                && TRANSIENT_SQL_STATE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
            return true;
        }
        return cause instanceof Unavailable
                || cause instanceof TransientDataAccessException
                || cause instanceof DataAccessResourceFailureException
                || cause instanceof CannotCreateTransactionException
                || cause instanceof TransactionSystemException
                || cause instanceof SQLTransientException
                || cause instanceof SQLRecoverableException
                || cause instanceof IOException
                || OUTAGE_CLASS_NAMES.contains(cause.getClass().getName())
                || REDIS_OUTAGE_CLASS_NAMES.contains(cause.getClass().getName());
    }

    /** The failure as an {@code Unavailable} when it is an outage ({@link #isOutage}), else empty. */
    public static Optional<Unavailable> of(Throwable failure, Duration retryAfter) {
        Optional<Unavailable> own = causes(failure).filter(Unavailable.class::isInstance).map(Unavailable.class::cast)
                .findFirst();
        if (own.isPresent() || !isOutage(failure)) {
            return own;
        }
        boolean redis = causes(failure)
                .anyMatch(cause -> REDIS_OUTAGE_CLASS_NAMES.contains(cause.getClass().getName()));
        return Optional.of(new Unavailable((redis ? "Redis" : "the database") + " is not answering; retry later",
                retryAfter));
    }

    /** The failure and its causes, outermost first (a cause that is its own cause ends the chain). */
    private static Stream<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, cause -> cause.getCause() == cause ? null : cause.getCause());
    }
}
