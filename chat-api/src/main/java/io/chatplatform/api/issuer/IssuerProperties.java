package io.chatplatform.api.issuer;

import io.chatplatform.domain.user.UserIds;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.auth.issuers[*]}: external identity providers whose access tokens are accepted besides the HS256
 * tokens of the shared secret. The other {@code chat.auth} settings belong to chat-domain's AuthProperties
 * ({@code clock-skew} applies to these tokens too).
 *
 * @param issuers the trusted issuers, none by default
 */
@ConfigurationProperties("chat.auth")
record IssuerProperties(@DefaultValue List<Issuer> issuers) {

    IssuerProperties {
        Set<String> seen = new HashSet<>();
        for (Issuer issuer : issuers) {
            if (!seen.add(issuer.issuerUri())) {
                throw new IllegalArgumentException("chat.auth.issuers lists " + issuer.issuerUri() + " twice");
            }
        }
    }

    /**
     * One trusted issuer.
     *
     * @param issuerUri              the exact {@code iss} of its tokens, e.g. {@code https://kc.example.com/realms/chat}
     * @param jwkSetUri              where it publishes its public keys (its discovery document's {@code jwks_uri});
     *                               required, so that starting the server never depends on reaching the issuer
     * @param audiences              {@code aud} values of which a token must name at least one; when empty the
     *                               audience is not checked, and a token the issuer minted for any other
     *                               application gets in too
     * @param roleClaim              the claim that can make a caller a platform ADMIN: a top-level claim of that
     *                               name, or else a dotted path into nested objects ({@code realm_access.roles});
     *                               its value is an array or a string of space-separated values. Unset (the
     *                               default): every caller of this issuer is a USER, whatever its token says
     * @param adminRole              the value of {@code roleClaim} that means platform ADMIN
     * @param userIdPrefix           put before {@code sub} to form the user id, e.g. {@code kc:}; without one, a
     *                               {@code sub} equal to a local username or another issuer's {@code sub} is the
     *                               same user, with that user's rooms and messages
     * @param jwksCacheTtl           how long fetched keys are used before they are fetched again
     * @param jwksMinRefreshInterval the least time between two early fetches prompted by tokens naming a key the
     *                               cache does not hold (a rotation): bounds what tokens with made-up key ids cost
     *                               this server and the issuer
     */
    record Issuer(
            String issuerUri,
            URI jwkSetUri,
            @DefaultValue List<String> audiences,
            String roleClaim,
            @DefaultValue("ADMIN") String adminRole,
            @DefaultValue("") String userIdPrefix,
            @DefaultValue("5m") Duration jwksCacheTtl,
            @DefaultValue("30s") Duration jwksMinRefreshInterval) {

        Issuer {
            if (issuerUri == null || issuerUri.isBlank()) {
                throw new IllegalArgumentException("chat.auth.issuers[].issuer-uri is required");
            }
            if (jwkSetUri == null || !jwkSetUri.isAbsolute()
                    || !("https".equals(jwkSetUri.getScheme()) || "http".equals(jwkSetUri.getScheme()))) {
                throw new IllegalArgumentException("chat.auth.issuers[].jwk-set-uri of " + issuerUri
                        + " is required: the http(s) URL of its JWK set (jwks_uri in its discovery document)");
            }
            if (userIdPrefix.length() >= UserIds.MAX_LENGTH) {
                throw new IllegalArgumentException("chat.auth.issuers[].user-id-prefix of " + issuerUri
                        + " leaves no room for a sub within " + UserIds.MAX_LENGTH + " characters");
            }
            if (jwksMinRefreshInterval.compareTo(jwksCacheTtl) >= 0) {
                throw new IllegalArgumentException("chat.auth.issuers[].jwks-min-refresh-interval of " + issuerUri
                        + " must be shorter than its jwks-cache-ttl");
            }
        }

        boolean mapsRoles() {
            return roleClaim != null && !roleClaim.isBlank();
        }
    }
}
