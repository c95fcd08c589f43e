package io.chatplatform.api.auth;

import io.chatplatform.domain.auth.VerifiedToken;
import io.chatplatform.domain.user.Actor;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller whose bearer token the domain's Authenticator accepted: the {@link Actor} is the principal and its
 * platform role the one authority ({@code ROLE_USER} or {@code ROLE_ADMIN}), so {@code isUserInRole("ADMIN")} and
 * {@code hasRole("ADMIN")} mean the platform ADMIN role. The token itself is not kept.
 */
final class ActorAuthentication extends AbstractAuthenticationToken {

    private final Actor actor;

    ActorAuthentication(VerifiedToken token) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + token.actor().role().name())));
        this.actor = token.actor();
        setAuthenticated(true);
    }

    @Override
    public Actor getPrincipal() {
        return actor;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public String getName() {
        return actor.userId();
    }
}
