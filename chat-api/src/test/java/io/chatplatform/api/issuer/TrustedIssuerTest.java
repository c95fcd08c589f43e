package io.chatplatform.api.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatplatform.domain.user.Role;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an issuer's claims become a platform role, and which settings are refused at startup. */
class TrustedIssuerTest {

    private static final URI JWKS = URI.create("https://idp.example/jwks");

    @Test
    void withoutARoleClaimEveryCallerIsAUserWhateverItsTokenSays() {
        TrustedIssuer issuer = issuer(null, "ADMIN");

        assertThat(issuer.role(Map.of("role", "ADMIN", "roles", List.of("ADMIN")))).isEqualTo(Role.USER);
    }

    @Test
    void theMappedClaimGivesAdminWhenItHoldsTheAdminRole() {
        TrustedIssuer issuer = issuer("roles", "chat-admin");

        assertThat(issuer.role(Map.of("roles", List.of("user", "chat-admin")))).isEqualTo(Role.ADMIN);
        assertThat(issuer.role(Map.of("roles", "chat-admin"))).isEqualTo(Role.ADMIN);
        assertThat(issuer.role(Map.of("roles", "openid chat-admin profile"))).isEqualTo(Role.ADMIN);
        assertThat(issuer.role(Map.of("roles", List.of("user")))).isEqualTo(Role.USER);
        assertThat(issuer.role(Map.of("roles", "chat-admins"))).isEqualTo(Role.USER);
        assertThat(issuer.role(Map.of("roles", Map.of("chat-admin", true)))).isEqualTo(Role.USER);
        assertThat(issuer.role(Map.of("role", "chat-admin"))).isEqualTo(Role.USER);
    }

    @Test
    void aDottedClaimIsAPathIntoNestedObjectsLikeKeycloaksRealmRoles() {
        TrustedIssuer issuer = issuer("realm_access.roles", "chat-admin");

        assertThat(issuer.role(Map.of("realm_access", Map.of("roles", List.of("chat-admin"))))).isEqualTo(Role.ADMIN);
        assertThat(issuer.role(Map.of("realm_access", Map.of("roles", List.of("offline_access"))))).isEqualTo(Role.USER);
        assertThat(issuer.role(Map.of("realm_access", "chat-admin"))).isEqualTo(Role.USER);
    }

    @Test
    void aClaimNamedWithDotsLikeAuth0sNamespacedClaimsIsReadWhole() {
        TrustedIssuer issuer = issuer("https://chat.example.com/roles", "admin");

        assertThat(issuer.role(Map.of("https://chat.example.com/roles", List.of("admin")))).isEqualTo(Role.ADMIN);
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStartup() {
        assertThatThrownBy(() -> settings("https://idp.example", null, null, "")).hasMessageContaining("jwk-set-uri");
        assertThatThrownBy(() -> settings(" ", JWKS, null, "")).hasMessageContaining("issuer-uri");
        assertThatThrownBy(() -> settings("https://idp.example", URI.create("file:///etc/jwks"), null, ""))
                .hasMessageContaining("jwk-set-uri");
        assertThatThrownBy(() -> settings("https://idp.example", JWKS, null, "p".repeat(128)))
                .hasMessageContaining("user-id-prefix");
        assertThatThrownBy(() -> new IssuerProperties.Issuer("https://idp.example", JWKS, List.of(), null, "ADMIN", "",
                Duration.ofSeconds(30), Duration.ofMinutes(1))).hasMessageContaining("jwks-min-refresh-interval");
        IssuerProperties.Issuer one = settings("https://idp.example", JWKS, null, "");
        assertThatThrownBy(() -> new IssuerProperties(List.of(one, one))).hasMessageContaining("twice");
    }

    private static TrustedIssuer issuer(String roleClaim, String adminRole) {
        return new TrustedIssuer(new IssuerProperties.Issuer("https://idp.example", JWKS, List.of("chat"), roleClaim,
                adminRole, "", Duration.ofMinutes(5), Duration.ofSeconds(30)), Duration.ZERO, Clock.systemUTC());
    }

    private static IssuerProperties.Issuer settings(String issuer, URI jwks, String roleClaim, String prefix) {
        return new IssuerProperties.Issuer(issuer, jwks, List.of(), roleClaim, "ADMIN", prefix, Duration.ofMinutes(5),
                Duration.ofSeconds(30));
    }
}
