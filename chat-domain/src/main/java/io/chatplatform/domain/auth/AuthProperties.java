package io.chatplatform.domain.auth;

import io.chatplatform.domain.user.RegistrationPolicy;
import io.chatplatform.domain.user.RevocationPolicy;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.auth.*}: how tokens are signed and checked, and who may create local accounts.
 *
 * @param jwtSecret         the HS256 secret (at least 32 bytes), normally from {@code CHAT_JWT_SECRET}; when blank a
 *                          random development secret is generated, unless {@code requireSecret} is set
 * @param requireSecret     production mode (the {@code prod} profile): refuse to start without {@code jwtSecret}, or
 *                          with one that is published or guessable
 * @param tokenTtl          lifetime of tokens this server issues
 * @param clockSkew         tolerance when checking {@code exp} and {@code iat} of tokens from other issuers
 * @param adminUsers        no longer supported: it granted ADMIN to whoever registered a listed name first. Setting it
 *                          stops the start, so that nobody silently loses or keeps admins; see {@link #ADMIN_USERS_GONE}
 * @param localRegistration whether {@code POST /api/auth/register} creates accounts; off for deployments whose users
 *                          come from another identity provider (logins of existing local accounts still work)
 * @param revocationReload  how often each node re-reads every token revocation from the database, besides hearing of
 *                          them as they happen: the longest a node that missed the news (cut off from the cluster
 *                          bus, or the {@code admin} command run from another process) accepts a revoked token
 */
@ConfigurationProperties("chat.auth")
public record AuthProperties(
        String jwtSecret,
        @DefaultValue("false") boolean requireSecret,
        @DefaultValue("12h") Duration tokenTtl,
        @DefaultValue("0s") Duration clockSkew,
        @DefaultValue List<String> adminUsers,
        @DefaultValue("true") boolean localRegistration,
        @DefaultValue("30s") Duration revocationReload) implements RegistrationPolicy, RevocationPolicy {

    static final String ADMIN_USERS_GONE = "chat.auth.admin-users (CHAT_ADMIN_USERS) no longer grants ADMIN: anyone "
            + "who registered a listed name first became ADMIN. Remove the setting, then make admins with the server "
            + "jar's admin command: `java -jar chat-server.jar admin create <username>` for a new account, or "
            + "`java -jar chat-server.jar admin promote <username>` for an existing local account.";

    public AuthProperties {
        if (revocationReload == null || revocationReload.isNegative() || revocationReload.isZero()) {
            throw new IllegalStateException("chat.auth.revocation-reload must be positive");
        }
        if (adminUsers != null && adminUsers.stream().anyMatch(name -> name != null && !name.isBlank())) {
            throw new IllegalStateException(ADMIN_USERS_GONE);
        }
    }
}
