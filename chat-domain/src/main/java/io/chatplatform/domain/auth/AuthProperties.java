package io.chatplatform.domain.auth;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.auth.*}: how tokens are signed and checked.
 *
 * @param jwtSecret      the HS256 secret (at least 32 bytes), normally from {@code CHAT_JWT_SECRET}; when blank a
 *                       random development secret is generated, unless {@code requireSecret} is set
 * @param requireSecret  refuse to start without {@code jwtSecret} (set by the {@code prod} profile)
 * @param tokenTtl       lifetime of tokens this server issues
 * @param clockSkew      tolerance when checking {@code exp} of tokens from other issuers
 * @param adminUsers     local usernames that get the platform ADMIN role
 */
@ConfigurationProperties("chat.auth")
public record AuthProperties(
        String jwtSecret,
        @DefaultValue("false") boolean requireSecret,
        @DefaultValue("12h") Duration tokenTtl,
        @DefaultValue("0s") Duration clockSkew,
        @DefaultValue List<String> adminUsers) {
}
