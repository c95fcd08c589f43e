package io.chatplatform.domain.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserService;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** Which verifier judges a token, and that a deleted account's tokens stay refused whoever issued them. */
class AuthenticatorTest {

    private static final Instant ISSUED = Instant.parse("2030-01-01T12:00:00Z");
    private static final VerifiedToken EXTERNAL = new VerifiedToken(new Actor("kc:alice", Role.USER), "Alice",
            ISSUED.plusSeconds(300), ISSUED);
    /** What the fake external verifier below accepts: shaped as a compact JWS, as every token must be. */
    private static final String EXTERNAL_TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

    private final TokenService tokens = new TokenService(TokenServiceTest.properties(TokenServiceTest.SECRET, false),
            TokenServiceTest.clockAt(ISSUED));
    private final UserService users = mock(UserService.class);

    @Test
    void withoutExternalIssuersTheSharedSecretJudgesEveryToken() {
        Authenticator authenticator = authenticator(null);
        String token = tokens.issue(TokenServiceTest.ALICE).accessToken();

        assertThat(authenticator.authenticate(token).actor()).isEqualTo(TokenServiceTest.ALICE);
        assertThatThrownBy(() -> authenticator.authenticate("not-a-jwt")).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void anExternalVerdictIsTakenAndTheRestLeftToTheSharedSecret() {
        String local = tokens.issue(TokenServiceTest.ALICE).accessToken();
        Authenticator authenticator = authenticator(token -> token.equals(EXTERNAL_TOKEN) ? Optional.of(EXTERNAL)
                : Optional.empty());

        assertThat(authenticator.authenticate(EXTERNAL_TOKEN)).isEqualTo(EXTERNAL);
        assertThat(authenticator.authenticate(local).actor()).isEqualTo(TokenServiceTest.ALICE);
    }

    @Test
    void anExternalRefusalIsFinal() {
        Authenticator authenticator = authenticator(token -> {
            throw new InvalidTokenException("token issuer is not trusted");
        });

        assertThatThrownBy(() -> authenticator.authenticate(tokens.issue(TokenServiceTest.ALICE).accessToken()))
                .hasMessage("token issuer is not trusted");
    }

    @Test
    void aTokenWithCharactersOutsideBase64UrlReachesNoVerifier() {
        Authenticator authenticator = authenticator(token -> Optional.of(EXTERNAL));

        for (String altered : List.of(EXTERNAL_TOKEN + "!", EXTERNAL_TOKEN + "=", EXTERNAL_TOKEN.replace('.', '+'),
                EXTERNAL_TOKEN + ".x", "external")) {
            assertThatThrownBy(() -> authenticator.authenticate(altered)).as(altered)
                    .isInstanceOf(InvalidTokenException.class).hasMessage("invalid token");
        }
    }

    @Test
    void aDeletedAccountsExternalTokensAreRefusedToo() {
        when(users.isRevoked(eq("kc:alice"), any())).thenReturn(true);

        assertThatThrownBy(() -> authenticator(token -> Optional.of(EXTERNAL)).authenticate(EXTERNAL_TOKEN))
                .isInstanceOf(InvalidTokenException.class).hasMessage("token revoked");
    }

    @Test
    void anOpenSessionsRevokedTokenIsToldApartFromADeletedAccount() {
        long issued = ISSUED.getEpochSecond();
        when(users.isRevokedAsKnown("alice", issued)).thenReturn(true);
        when(users.isRevokedAsKnown("kc:alice", issued)).thenReturn(true);
        when(users.isDeleted("kc:alice")).thenReturn(true);
        Authenticator authenticator = authenticator(null);

        assertThat(authenticator.isRevokedAsKnown("alice", issued)).isTrue();
        assertThat(authenticator.isAccountDeleted("alice")).as("revoked, not deleted").isFalse();
        assertThat(authenticator.isRevokedAsKnown("kc:alice", issued)).isTrue();
        assertThat(authenticator.isAccountDeleted("kc:alice")).isTrue();
        assertThat(authenticator.isRevokedAsKnown("bob", issued)).isFalse();
        assertThat(Authenticator.issuedAtSecond(EXTERNAL)).isEqualTo(issued);
        assertThat(Authenticator.issuedAtSecond(new VerifiedToken(TokenServiceTest.ALICE, null, ISSUED, null)))
                .as("no iat: covered by every revocation").isEqualTo(Long.MIN_VALUE);
    }

    private Authenticator authenticator(ExternalTokenVerifier external) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        if (external != null) {
            beans.registerSingleton("external", external);
        }
        return new Authenticator(tokens, users, beans.getBeanProvider(ExternalTokenVerifier.class));
    }
}
