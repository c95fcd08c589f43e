package io.chatplatform.domain.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.chatplatform.domain.DomainConfiguration;
import io.chatplatform.domain.auth.AuthProperties;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@DataJpaTest
@Import({DomainConfiguration.class, UserService.class, UserIdRegistry.class, RevokedTokens.class})
@EnableConfigurationProperties(AuthProperties.class) // slice tests filter @ConfigurationPropertiesScan
class UserServiceTest {

    static final String PASSWORD = "correct horse battery";

    @Autowired
    UserService users;

    @Autowired
    UserAccountRepository accounts;

    @Autowired
    RevocationRepository revocations;

    @Autowired
    UserIdRegistry registry;

    @Autowired
    RevokedTokens revoked;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EntityManager entityManager;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void registeredUserAuthenticatesWithTheirPassword() {
        Actor registered = users.register("alice", PASSWORD);

        assertThat(registered).isEqualTo(new Actor("alice", Role.USER));
        assertThat(users.authenticate("alice", PASSWORD)).isEqualTo(new Actor("alice", Role.USER));
    }

    @Test
    void passwordIsStoredAsBcryptHashNotPlainText() {
        users.register("alice", PASSWORD);

        String hash = accounts.findById("alice").orElseThrow().passwordHash();
        assertThat(hash).startsWith("$2").doesNotContain(PASSWORD);
    }

    @Test
    void wrongPasswordIsUnauthorized() {
        users.register("alice", PASSWORD);

        assertCode(() -> users.authenticate("alice", "wrong password"), ErrorCode.UNAUTHORIZED);
        assertCode(() -> users.authenticate("alice", PASSWORD.toUpperCase()), ErrorCode.UNAUTHORIZED);
        assertCode(() -> users.authenticate("alice", null), ErrorCode.UNAUTHORIZED);
    }

    @Test
    void unknownUserIsUnauthorizedWithTheSameMessageAsAWrongPassword() {
        users.register("alice", PASSWORD);

        assertCode(() -> users.authenticate("nobody", PASSWORD), ErrorCode.UNAUTHORIZED);
        assertCode(() -> users.authenticate(null, PASSWORD), ErrorCode.UNAUTHORIZED);
        assertThatThrownBy(() -> users.authenticate("nobody", PASSWORD)).hasMessage(
                catchThrowable(() -> users.authenticate("alice", "wrong password")).getMessage());
    }

    @Test
    void takenUsernameIsConflict() {
        users.register("alice", PASSWORD);

        assertCode(() -> users.register("alice", "another password"), ErrorCode.CONFLICT);
        assertThat(users.authenticate("alice", PASSWORD).userId()).isEqualTo("alice");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "ab", "has space", "ümlaut", "semi;colon", "slash/name"})
    void invalidUsernameIsBadRequest(String username) {
        assertCode(() -> users.register(username, PASSWORD), ErrorCode.BAD_REQUEST);
    }

    @Test
    void usernameOfSixtyFiveCharactersIsBadRequestButSixtyFourIsFine() {
        assertCode(() -> users.register("a".repeat(65), PASSWORD), ErrorCode.BAD_REQUEST);
        assertThat(users.register("a".repeat(64), PASSWORD).userId()).hasSize(64);
        assertThat(users.register("a.b_c-D9", PASSWORD).userId()).isEqualTo("a.b_c-D9");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "short", "seven77"})
    void passwordShorterThanEightCharactersIsBadRequest(String password) {
        assertCode(() -> users.register("alice", password), ErrorCode.BAD_REQUEST);
        assertThat(accounts.existsById("alice")).isFalse();
    }

    @Test
    void passwordLongerThan72Utf8BytesIsBadRequest() {
        assertCode(() -> users.register("alice", "x".repeat(73)), ErrorCode.BAD_REQUEST);
        // 37 characters, but 74 bytes in UTF-8: BCrypt would silently ignore the tail
        assertCode(() -> users.register("bob", "ä".repeat(37)), ErrorCode.BAD_REQUEST);
        assertThat(accounts.count()).isZero();
    }

    @Test
    void passwordOfExactly72Utf8BytesIsAccepted() {
        String ascii72 = "x".repeat(72);
        String umlauts72 = "ä".repeat(36);

        users.register("alice", ascii72);
        users.register("bob", umlauts72);

        assertThat(users.authenticate("alice", ascii72).userId()).isEqualTo("alice");
        assertThat(users.authenticate("bob", umlauts72).userId()).isEqualTo("bob");
        assertCode(() -> users.authenticate("bob", "ä".repeat(35) + "a"), ErrorCode.UNAUTHORIZED);
    }

    @Test
    void registrationNeverGrantsAdminWhateverTheName() {
        assertThat(users.register("root", PASSWORD).role()).isEqualTo(Role.USER);
        assertThat(users.register("admin", PASSWORD).role()).isEqualTo(Role.USER);

        assertThat(users.authenticate("root", PASSWORD).role()).isEqualTo(Role.USER);
        assertThat(users.knownAdminIds()).isEmpty();
    }

    @Test
    void idSeenOnAVerifiedTokenCannotBeRegistered() {
        users.recordSeen("seen-on-token");

        assertTaken(() -> users.register("seen-on-token", PASSWORD));
    }

    @Test
    void idSeenOnAVerifiedTokenIsStoredInTheBackgroundForEveryNode() {
        users.recordSeen("seen-by-one-node");

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from seen_user_ids where user_id = 'seen-by-one-node'", Integer.class) == 1);
    }

    /**
     * The first id waits out the linger unstored; the second, seen meanwhile, joins it. Both share one commit, so
     * they share its timestamp; stored as each came, they would not.
     */
    @Test
    void idsSeenWithinTheLingerAreStoredInOneBatch() {
        UserIdRegistry lingering = new UserIdRegistry(entityManager, dataSource, transactions, Clock.systemUTC(),
                Duration.ofSeconds(2));
        try {
            String stored = "select count(*) from seen_user_ids where user_id in ('linger-first', 'linger-second')";
            lingering.recordSeen("linger-first");
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                    .until(() -> jdbc.queryForObject(stored, Integer.class) == 0);
            lingering.recordSeen("linger-second");

            assertThat(lingering.isKnown("linger-second")).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(stored, Integer.class) == 2);
            assertThat(jdbc.queryForList("select distinct first_seen_at from seen_user_ids "
                    + "where user_id in ('linger-first', 'linger-second')")).hasSize(1);
        } finally {
            lingering.destroy();
        }
    }

    @Test
    void roomMemberWithoutAccountCannotBeRegistered() {
        jdbc.update("insert into rooms (id, name, type, created_by, created_at) values (9001, 'r', 'GROUP', 'alice', ?)",
                OffsetDateTime.now());
        jdbc.update("insert into memberships (room_id, user_id, role, joined_at) values (9001, 'member-only', 'MEMBER', ?)",
                OffsetDateTime.now());

        assertTaken(() -> users.register("member-only", PASSWORD));
    }

    @Test
    void notificationRecipientWithoutAccountCannotBeRegistered() {
        jdbc.update("insert into notifications (id, user_id, kind, payload, created_at) values (9002, 'recipient-only', "
                + "'ADMIN', '{}', ?)", OffsetDateTime.now());

        assertTaken(() -> users.register("recipient-only", PASSWORD));
    }

    /** Committed step by step, as separate requests would be (H2 reuses a query's result within one transaction). */
    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    void deletedAccountCannotBeRegisteredAgain() {
        Actor carol = users.register("carol-deleted", PASSWORD);
        users.delete(carol, "carol-deleted");

        assertTaken(() -> users.register("carol-deleted", PASSWORD));
        assertCode(() -> users.authenticate("carol-deleted", PASSWORD), ErrorCode.UNAUTHORIZED);
        assertThat(users.isDeleted("carol-deleted")).isTrue();
    }

    @Test
    void disabledLocalRegistrationIsForbiddenButLoginStillWorks() {
        users.register("dora", PASSWORD);
        UserService closed = new UserService(accounts, revocations, revoked, registry, event -> { },
                new AuthProperties(null, false, Duration.ofHours(1), Duration.ZERO, List.of(), false,
                        Duration.ofSeconds(30)), Clock.systemUTC());

        assertThatThrownBy(() -> closed.register("newcomer", PASSWORD)).isInstanceOf(DomainException.class)
                .hasMessage("local registration is disabled")
                .extracting(e -> ((DomainException) e).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(closed.authenticate("dora", PASSWORD)).isEqualTo(new Actor("dora", Role.USER));
        assertThat(closed.createAdmin("operator", PASSWORD)).isTrue();
    }

    @Test
    void createAdminMakesANewLocalAdminAccount() {
        assertThat(users.createAdmin("boss", PASSWORD)).isTrue();

        assertThat(users.authenticate("boss", PASSWORD)).isEqualTo(new Actor("boss", Role.ADMIN));
        assertThat(users.knownAdminIds()).containsExactly("boss");
    }

    @Test
    void createAdminRefusesAnIdSomeoneElseAlreadyUses() {
        users.recordSeen("someone-elses");

        assertCode(() -> users.createAdmin("someone-elses", PASSWORD), ErrorCode.CONFLICT);
        assertThat(accounts.existsById("someone-elses")).isFalse();
    }

    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // revocations reach the cache once committed
    void createAdminOnAnExistingLocalAccountMakesItAdminWithTheNewPasswordAndRetiresItsTokens() {
        users.register("chief", PASSWORD);
        Instant before = Instant.now().minusSeconds(5);

        assertThat(users.createAdmin("chief", "a new password")).isFalse();

        assertThat(users.authenticate("chief", "a new password").role()).isEqualTo(Role.ADMIN);
        assertCode(() -> users.authenticate("chief", PASSWORD), ErrorCode.UNAUTHORIZED);
        assertThat(users.isRevoked("chief", before)).isTrue();
        forgetCommitted("chief");
    }

    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // revocations reach the cache once committed
    void promoteAndDemoteChangeTheRoleOfAnExistingLocalAccount() {
        users.register("worker", PASSWORD);

        assertThat(users.changeRole("worker", Role.ADMIN)).isEqualTo(Role.USER);
        assertThat(users.authenticate("worker", PASSWORD).role()).isEqualTo(Role.ADMIN);
        assertThat(users.isRevoked("worker", Instant.now().minusSeconds(5))).as("promotion keeps tokens").isFalse();

        assertThat(users.changeRole("worker", Role.USER)).isEqualTo(Role.ADMIN);
        assertThat(users.authenticate("worker", PASSWORD).role()).isEqualTo(Role.USER);
        assertThat(users.isRevoked("worker", Instant.now().minusSeconds(5)))
                .as("demotion retires the ADMIN tokens issued so far").isTrue();
        assertThat(users.isDeleted("worker")).as("revoked, not deleted").isFalse();
        assertThat(users.isDeleted("nobody-here")).isFalse();
        forgetCommitted("worker");
    }

    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // revocations reach the cache once committed
    void aUserChangesTheirPasswordWithTheCurrentOneAndEveryEarlierTokenIsRefused() {
        users.register("mover", PASSWORD);
        Actor mover = new Actor("mover", Role.USER);
        Instant before = Instant.now().minusSeconds(5);

        assertThat(users.changePassword(mover, PASSWORD, "a new password")).isEqualTo(mover);

        assertThat(users.authenticate("mover", "a new password")).isEqualTo(mover);
        assertCode(() -> users.authenticate("mover", PASSWORD), ErrorCode.UNAUTHORIZED);
        assertThat(users.isRevoked("mover", before)).isTrue();
        Instant validFrom = users.tokensValidFrom("mover");
        assertThat(users.isRevoked("mover", validFrom)).as("a token of the next second").isFalse();
        assertThat(users.isRevoked("mover", validFrom.minusSeconds(1))).as("of the revocation's second").isTrue();
        assertThat(users.isDeleted("mover")).as("revoked, not deleted").isFalse();
        forgetCommitted("mover");
    }

    @Test
    void aPasswordChangeNeedsTheCurrentPasswordALocalAccountAndAValidNewPassword() {
        users.register("keeper", PASSWORD);
        Actor keeper = new Actor("keeper", Role.USER);

        assertCode(() -> users.changePassword(keeper, "not the password", "a new password"), ErrorCode.FORBIDDEN);
        assertCode(() -> users.changePassword(keeper, null, "a new password"), ErrorCode.FORBIDDEN);
        assertCode(() -> users.changePassword(keeper, PASSWORD, "short"), ErrorCode.BAD_REQUEST);
        assertCode(() -> users.changePassword(new Actor("kc:keeper", Role.USER), PASSWORD, "a new password"),
                ErrorCode.FORBIDDEN);

        assertThat(users.authenticate("keeper", PASSWORD)).isEqualTo(keeper);
        assertThat(users.tokensValidFrom("keeper")).as("nothing revoked").isNull();
    }

    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // revocations reach the cache once committed
    void signingOutEverywhereRefusesEarlierTokensOfAnyIssuerWithoutDeletingAnything() {
        users.register("roamer", PASSWORD);
        Instant before = Instant.now().minusSeconds(5);

        users.revokeOwnTokens(new Actor("roamer", Role.USER));
        users.revokeOwnTokens(new Actor("kc:roamer", Role.USER)); // another issuer's user, no local account

        assertThat(users.isRevoked("roamer", before)).isTrue();
        assertThat(users.isRevoked("kc:roamer", before)).isTrue();
        assertThat(users.isDeleted("roamer")).isFalse();
        assertThat(users.isDeleted("kc:roamer")).as("no local account, yet not deleted").isFalse();
        assertThat(users.authenticate("roamer", PASSWORD).userId()).isEqualTo("roamer");
        forgetCommitted("roamer");
        forgetCommitted("kc:roamer");
    }

    /** Removes what a test that commits left behind, so that the other tests start from an empty database. */
    private void forgetCommitted(String username) {
        jdbc.update("delete from users where id = ?", username);
        jdbc.update("delete from revoked_users where user_id = ?", username);
        jdbc.update("delete from seen_user_ids where user_id = ?", username);
    }

    @Test
    void changingTheRoleOfAnIdWithoutLocalAccountIsNotFound() {
        assertCode(() -> users.changeRole("nobody-here", Role.ADMIN), ErrorCode.NOT_FOUND);
    }

    @Test
    void adminUsersSettingStopsTheStartAndNamesTheAdminCommand() {
        assertThatThrownBy(() -> new AuthProperties(null, false, Duration.ofHours(1), Duration.ZERO, List.of("root"),
                true, Duration.ofSeconds(30))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("admin create <username>").hasMessageContaining("admin promote <username>");
        assertThat(new AuthProperties(null, false, Duration.ofHours(1), Duration.ZERO, List.of(" "), true,
                Duration.ofSeconds(30)).adminUsers()).as("an empty CHAT_ADMIN_USERS is no setting").hasSize(1);
    }

    private static void assertTaken(ThrowingCallable register) {
        assertThatThrownBy(register).isInstanceOf(DomainException.class).hasMessage("username is taken")
                .extracting(e -> ((DomainException) e).code()).isEqualTo(ErrorCode.CONFLICT);
    }

    static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo(code);
    }
}
