package io.chatplatform.domain.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.chatplatform.domain.DomainConfiguration;
import io.chatplatform.domain.auth.AuthProperties;
import io.chatplatform.domain.common.DomainException;
import io.chatplatform.domain.common.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;

@DataJpaTest(properties = "chat.auth.admin-users=boss,chief")
@Import({DomainConfiguration.class, UserService.class})
@EnableConfigurationProperties(AuthProperties.class) // slice tests filter @ConfigurationPropertiesScan
class UserServiceTest {

    static final String PASSWORD = "correct horse battery";

    @Autowired
    UserService users;

    @Autowired
    UserAccountRepository accounts;

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
    void configuredAdminUserGetsAdminRole() {
        assertThat(users.register("boss", PASSWORD).role()).isEqualTo(Role.ADMIN);
        assertThat(users.register("chief", PASSWORD).role()).isEqualTo(Role.ADMIN);
        assertThat(users.register("worker", PASSWORD).role()).isEqualTo(Role.USER);

        assertThat(users.authenticate("boss", PASSWORD).role()).isEqualTo(Role.ADMIN);
        assertThat(users.authenticate("worker", PASSWORD).role()).isEqualTo(Role.USER);
    }

    @Test
    void adminRoleNeedsTheExactListedUsername() {
        assertThat(users.register("Boss", PASSWORD).role()).isEqualTo(Role.USER);
    }

    static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo(code);
    }
}
