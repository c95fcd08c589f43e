package io.chatplatform.api.auth;

import io.chatplatform.domain.auth.Authenticator;
import io.chatplatform.domain.auth.InvalidTokenException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Spring Security's bearer-token filter hands the token here, and here it goes through the domain's
 * {@link Authenticator} like every other entry point (WebSocket handshake, INIT, REFRESH): one set of rules for
 * the shared secret's HS256 tokens, external issuers' tokens and deleted accounts.
 */
final class TokenAuthenticationProvider implements AuthenticationProvider {

    private final Authenticator authenticator;

    TokenAuthenticationProvider(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        try {
            return new ActorAuthentication(authenticator.authenticate(token));
        } catch (InvalidTokenException e) {
            throw new InvalidBearerTokenException(e.getMessage(), e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
