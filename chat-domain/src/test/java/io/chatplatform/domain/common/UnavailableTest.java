package io.chatplatform.domain.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import org.hibernate.TransactionException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;

/** Which failures are the database being away (answered UNAVAILABLE) and which are rules or bugs (not). */
class UnavailableTest {

    /**
     * What a writer saw in an outage (PartFailuresIT, one run in a few): its statement failed on a cut connection,
     * the pool closed that connection as broken, and the rollback then failed on it with a "Connection is closed"
     * that has no SQLSTATE, which replaced the first failure. Whether the batch was stored is unknown: UNAVAILABLE.
     */
    @Test
    void aRollbackOnAConnectionThePoolClosedIsAnOutage() {
        RuntimeException rollbackFailed = new JpaSystemException(new TransactionException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed")));

        assertThat(Unavailable.isOutage(rollbackFailed)).isTrue();
        assertThat(Unavailable.of(rollbackFailed, Duration.ofSeconds(1)))
                .hasValueSatisfying(answer -> assertThat(answer.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void aLostConnectionIsAnOutageWhateverWrapsIt() {
        assertThat(Unavailable.isOutage(new IllegalStateException(new SQLException("I/O error", "08006")))).isTrue();
        assertThat(Unavailable.isOutage(new JpaSystemException(new JDBCConnectionException("gone",
                new SQLException("gone"))))).isTrue();
        assertThat(Unavailable.isOutage(new SQLException("canceling statement due to statement timeout", "57014")))
                .isTrue();
    }

    @Test
    void rulesAndBugsAreNotOutages() {
        assertThat(Unavailable.isOutage(DomainException.forbidden("no"))).isFalse();
        assertThat(Unavailable.isOutage(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(Unavailable.isOutage(new IllegalStateException("a bug"))).isFalse();
        assertThat(Unavailable.of(new IllegalStateException("a bug"), Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void anUnavailableKeepsItsOwnRetryTime() {
        Unavailable own = new Unavailable("queue full", Duration.ofMillis(250));

        assertThat(Unavailable.of(new RuntimeException(own), Duration.ofSeconds(1))).containsSame(own);
    }
}
