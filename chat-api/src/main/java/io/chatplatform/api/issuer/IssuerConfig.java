package io.chatplatform.api.issuer;

import io.chatplatform.domain.auth.AuthProperties;
import io.chatplatform.domain.auth.ExternalTokenVerifier;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The external issuers of {@code chat.auth.issuers}, handed to the domain's Authenticator. */
@Configuration(proxyBeanMethods = false)
class IssuerConfig {

    private static final Logger log = LoggerFactory.getLogger(IssuerConfig.class);

    @Bean
    ExternalTokenVerifier externalIssuers(IssuerProperties properties, AuthProperties auth, Clock clock) {
        List<TrustedIssuer> issuers = properties.issuers().stream().map(issuer -> {
            log.info("Accepting tokens of {} (keys from {}, audiences {}, ADMIN from {})", issuer.issuerUri(),
                    issuer.jwkSetUri(), issuer.audiences(),
                    issuer.mapsRoles() ? issuer.roleClaim() + " = " + issuer.adminRole() : "nothing");
            if (issuer.audiences().isEmpty()) {
                log.warn("chat.auth.issuers: no audiences for {}: tokens it minted for any application are accepted",
                        issuer.issuerUri());
            }
            return new TrustedIssuer(issuer, auth.clockSkew(), clock);
        }).toList();
        return new ExternalIssuers(issuers);
    }
}
