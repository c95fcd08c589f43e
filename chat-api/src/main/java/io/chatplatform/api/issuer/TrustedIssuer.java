package io.chatplatform.api.issuer;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import io.chatplatform.domain.auth.InvalidTokenException;
import io.chatplatform.domain.auth.VerifiedToken;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserIds;
import java.net.MalformedURLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * One external issuer: Spring Security's {@link NimbusJwtDecoder} checks a token's signature against the keys the
 * issuer publishes, and its {@code iss}, {@code aud}, {@code exp}/{@code nbf} and {@code typ}; then its claims
 * become the domain's {@link VerifiedToken}.
 */
final class TrustedIssuer {

    private static final Logger log = LoggerFactory.getLogger(TrustedIssuer.class);

    /** The asymmetric algorithms an issuer may sign with; the key in its JWK set must match the one named. */
    private static final List<SignatureAlgorithm> ALGORITHMS = List.of(SignatureAlgorithm.RS256,
            SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384,
            SignatureAlgorithm.PS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);

    /** Fetching keys must not hold a request for long: the issuer answers within these, or not at all. */
    private static final int JWKS_CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int JWKS_READ_TIMEOUT_MILLIS = 2_000;
    private static final int JWKS_SIZE_LIMIT_BYTES = 64 * 1024;
    private static final long JWKS_REFRESH_TIMEOUT_MILLIS = 5_000;

    private final IssuerProperties.Issuer settings;
    private final JwtDecoder decoder;

    TrustedIssuer(IssuerProperties.Issuer settings, Duration clockSkew, Clock clock) {
        this.settings = settings;
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSource(keys(settings))
                .jwsAlgorithms(algorithms -> algorithms.addAll(ALGORITHMS))
                .build();
        nimbus.setJwtValidator(validator(settings, clockSkew, clock));
        this.decoder = nimbus;
    }

    String issuer() {
        return settings.issuerUri();
    }

    VerifiedToken verify(String token) {
        Jwt jwt = decode(token);
        String subject = jwt.getSubject();
        String userId = subject == null ? null : settings.userIdPrefix() + subject;
        try {
            UserIds.requireValid(userId);
        } catch (RuntimeException e) {
            throw new InvalidTokenException("token has no valid sub claim");
        }
        return new VerifiedToken(new Actor(userId, role(jwt.getClaims())), name(jwt), jwt.getExpiresAt(),
                jwt.getIssuedAt());
    }

    private Jwt decode(String token) {
        try {
            return decoder.decode(token);
        } catch (JwtValidationException e) {
            throw new InvalidTokenException(refusal(e.getErrors()));
        } catch (BadJwtException e) {
            throw new InvalidTokenException("invalid token");
        } catch (JwtException e) {
            // The keys could not be had: the issuer is unreachable, or tokens naming unknown keys came faster
            // than jwks-min-refresh-interval lets the keys be fetched again.
            if (NestedExceptionUtils.getRootCause(e) instanceof RateLimitReachedException) {
                log.debug("Token of {} names a key not in its JWK set; not fetched again yet", issuer());
                throw new InvalidTokenException("token signed with an unknown key");
            }
            log.warn("Cannot check a token of {}: {}", issuer(), e.getMessage());
            throw new InvalidTokenException("token issuer keys unavailable");
        }
    }

    private static String refusal(Collection<OAuth2Error> errors) {
        List<String> reasons = new ArrayList<>();
        for (OAuth2Error error : errors) {
            String description = error.getDescription();
            if (description != null && description.startsWith("Jwt expired")) {
                return "token expired";
            }
            reasons.add(description == null ? error.getErrorCode() : description);
        }
        return "token refused: " + String.join("; ", reasons);
    }

    /** Platform ADMIN only when the operator named a claim and the token's value of it holds the admin role. */
    Role role(Map<String, Object> claims) {
        if (!settings.mapsRoles()) {
            return Role.USER;
        }
        String claim = settings.roleClaim();
        Object value = claims.containsKey(claim) ? claims.get(claim) : path(claims, claim.split("\\."));
        return values(value).contains(settings.adminRole()) ? Role.ADMIN : Role.USER;
    }

    private static Object path(Map<String, Object> claims, String[] names) {
        Object current = claims;
        for (String name : names) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(name);
        }
        return current;
    }

    private static List<String> values(Object value) {
        if (value instanceof String text) {
            return Arrays.asList(text.strip().split("\\s+"));
        }
        if (value instanceof Collection<?> items) {
            return items.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private static String name(Jwt jwt) {
        for (String claim : List.of("name", "preferred_username")) {
            if (jwt.getClaims().get(claim) instanceof String name) {
                return name;
            }
        }
        return null;
    }

    /**
     * Nimbus's own JWK source rather than the one {@code NimbusJwtDecoder.withJwkSetUri} builds, for one reason:
     * that one fetches the JWK set again for every token naming a key it does not hold, so made-up key ids would
     * send one request to the issuer per token. This one keeps the keys for {@code jwks-cache-ttl}, fetches early
     * for an unknown key at most twice per {@code jwks-min-refresh-interval} (a rotation is picked up at once),
     * and keeps using the last keys while the issuer is unreachable.
     */
    private static JWKSource<SecurityContext> keys(IssuerProperties.Issuer settings) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(settings.jwkSetUri().toURL(),
                            new DefaultResourceRetriever(JWKS_CONNECT_TIMEOUT_MILLIS, JWKS_READ_TIMEOUT_MILLIS,
                                    JWKS_SIZE_LIMIT_BYTES))
                    .cache(settings.jwksCacheTtl().toMillis(), JWKS_REFRESH_TIMEOUT_MILLIS)
                    .refreshAheadCache(false)
                    .rateLimited(settings.jwksMinRefreshInterval().toMillis())
                    .outageTolerant(true)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("invalid jwk-set-uri " + settings.jwkSetUri(), e);
        }
    }

    private static OAuth2TokenValidator<Jwt> validator(IssuerProperties.Issuer settings, Duration clockSkew,
            Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
        timestamps.setClock(clock);
        // Access tokens are typed JWT by most issuers, at+jwt by those following RFC 9068, or not typed at all.
        JwtTypeValidator types = new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
        types.setAllowEmpty(true);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(
                new JwtIssuerValidator(settings.issuerUri()),
                timestamps,
                types,
                // a token without exp would never expire
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                // one issued "later" would outlive a revocation, which refuses tokens issued before it (as for the
                // shared secret's tokens); without iat a token counts as issued before any revocation
                new JwtClaimValidator<Instant>(JwtClaimNames.IAT,
                        iat -> iat == null || !iat.isAfter(clock.instant().plus(clockSkew)))));
        if (!settings.audiences().isEmpty()) {
            validators.add(new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                    audiences -> audiences != null && audiences.stream().anyMatch(settings.audiences()::contains)));
        }
        return JwtValidators.createDefaultWithValidators(validators);
    }
}
