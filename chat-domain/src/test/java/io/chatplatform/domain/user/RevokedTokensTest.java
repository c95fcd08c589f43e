package io.chatplatform.domain.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatplatform.domain.auth.AuthProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** The revocation cache against the real table: what it answers from memory, and when it asks again. */
@DataJpaTest
class RevokedTokensTest {

    static final Duration RELOAD = Duration.ofSeconds(30);
    static final Instant REVOKED_AT = Instant.parse("2026-01-01T12:00:00Z");

    @Autowired
    RevocationRepository repository;

    @Autowired
    JdbcTemplate jdbc;

    final AtomicLong now = new AtomicLong();
    RevokedTokens revoked;

    @BeforeEach
    void cacheWithItsOwnClock() {
        revoked = new RevokedTokens(repository, new AuthProperties(null, false, Duration.ofHours(1), Duration.ZERO,
                List.of(), true, RELOAD), now::get);
    }

    @Test
    void answersFromMemoryOnceLoaded() {
        insertRow("alice", REVOKED_AT);
        revoked.reload();
        jdbc.update("delete from revoked_users"); // were it to ask the database, it would find nothing now

        assertThat(revoked.covers("alice", REVOKED_AT.minusSeconds(60))).isTrue();
        assertThat(revoked.covers("alice", REVOKED_AT)).as("same second as the revocation").isTrue();
        assertThat(revoked.covers("alice", REVOKED_AT.plusSeconds(1))).isFalse();
        assertThat(revoked.covers("bob", REVOKED_AT.minusSeconds(60))).isFalse();
    }

    @Test
    void asksTheDatabaseBeforeTheFirstLoad() {
        insertRow("alice", REVOKED_AT);

        assertThat(revoked.covers("alice", REVOKED_AT.minusSeconds(60))).isTrue();
    }

    @Test
    void stopsTrustingMemoryWhenReloadsHaveFailedForTwoIntervals() {
        revoked.reload();
        insertRow("alice", REVOKED_AT); // written by someone this node did not hear from

        now.addAndGet(RELOAD.multipliedBy(2).toNanos());
        assertThat(revoked.covers("alice", REVOKED_AT.minusSeconds(60))).as("two intervals: still trusted").isFalse();
        now.incrementAndGet();
        assertThat(revoked.covers("alice", REVOKED_AT.minusSeconds(60))).as("older: asks the database").isTrue();
    }

    @Test
    void theOpenSessionsCheckAnswersFromMemoryOnlyHoweverOldTheLoad() {
        insertRow("alice", REVOKED_AT);
        assertThat(revoked.coversAsKnown("alice", Long.MIN_VALUE)).as("before the first load: not asked").isFalse();
        revoked.reload();
        insertRow("bob", REVOKED_AT); // unknown to memory
        now.addAndGet(RELOAD.multipliedBy(3).toNanos()); // reloads have failed since

        assertThat(revoked.coversAsKnown("alice", REVOKED_AT.getEpochSecond())).isTrue();
        assertThat(revoked.coversAsKnown("alice", Long.MIN_VALUE)).as("a token without iat").isTrue();
        assertThat(revoked.coversAsKnown("alice", REVOKED_AT.getEpochSecond() + 1)).isFalse();
        assertThat(revoked.coversAsKnown("bob", REVOKED_AT.getEpochSecond())).isFalse();
    }

    @Test
    void aReloadPicksUpWhatNobodyAnnounced() {
        revoked.reload();
        insertRow("alice", REVOKED_AT);
        assertThat(revoked.covers("alice", REVOKED_AT.minusSeconds(60))).isFalse();

        revoked.reload();

        assertThat(revoked.covers("alice", REVOKED_AT.minusSeconds(60))).isTrue();
    }

    @Test
    void rereadLearnsTheNamedUsersAtOnceAndKeepsTheLaterInstant() {
        revoked.reload();
        revoked.on(new TokensRevoked("alice", REVOKED_AT.plus(1, ChronoUnit.HOURS)));
        insertRow("alice", REVOKED_AT);
        insertRow("bob", REVOKED_AT);

        revoked.reread(List.of("alice", "bob", "nobody"));

        assertThat(revoked.covers("bob", REVOKED_AT.minusSeconds(60))).isTrue();
        assertThat(revoked.covers("alice", REVOKED_AT.plusSeconds(60)))
                .as("an older row does not undo a later revocation").isTrue();
        assertThat(revoked.covers("nobody", REVOKED_AT)).isFalse();
    }

    private void insertRow(String userId, Instant at) {
        jdbc.update("insert into revoked_users (user_id, revoked_at) values (?, ?)", userId,
                java.sql.Timestamp.from(at));
    }
}
