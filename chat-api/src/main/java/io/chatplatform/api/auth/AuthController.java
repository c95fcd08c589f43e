package io.chatplatform.api.auth;

import io.chatplatform.api.ratelimit.RateLimit;
import io.chatplatform.api.ratelimit.RateLimits;
import io.chatplatform.domain.auth.IssuedToken;
import io.chatplatform.domain.auth.TokenService;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Registers local accounts and logs them in; both answer with an access token. */
@RestController
@RequestMapping("/api/auth")
class AuthController {

    private final UserService users;
    private final TokenService tokens;
    private final RateLimits limits;

    AuthController(UserService users, TokenService tokens, RateLimits limits) {
        this.users = users;
        this.tokens = tokens;
        this.limits = limits;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    TokenResponse register(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
        limits.consume(RateLimit.REGISTER_PER_ADDRESS, request.getRemoteAddr());
        Actor registered = users.register(credentials.username(), credentials.password());
        return TokenResponse.of(registered, tokens.issue(registered));
    }

    @PostMapping("/login")
    TokenResponse login(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
        // Before the password check: a refused attempt costs no BCrypt round.
        limits.consume(RateLimit.LOGIN_PER_ADDRESS, request.getRemoteAddr());
        limits.consume(RateLimit.LOGIN_PER_USERNAME, credentials.username());
        Actor actor = users.authenticate(credentials.username(), credentials.password());
        // After signing out everywhere or a password change, not a token the revocation's second still covers.
        return TokenResponse.of(actor, tokens.issue(actor, users.tokensValidFrom(actor.userId())));
    }

    record Credentials(@NotBlank String username, @NotBlank String password) {
    }

    record TokenResponse(String accessToken, Instant expiresAt, String userId, Role role) {

        static TokenResponse of(Actor actor, IssuedToken token) {
            return new TokenResponse(token.accessToken(), token.expiresAt(), actor.userId(), actor.role());
        }
    }
}
