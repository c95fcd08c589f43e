package io.chatplatform.api.auth;

import io.chatplatform.domain.auth.IssuedToken;
import io.chatplatform.domain.auth.TokenService;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.Role;
import io.chatplatform.domain.user.UserService;
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

    AuthController(UserService users, TokenService tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    TokenResponse register(@Valid @RequestBody Credentials credentials) {
        return TokenResponse.of(users.register(credentials.username(), credentials.password()), tokens);
    }

    @PostMapping("/login")
    TokenResponse login(@Valid @RequestBody Credentials credentials) {
        return TokenResponse.of(users.authenticate(credentials.username(), credentials.password()), tokens);
    }

    record Credentials(@NotBlank String username, @NotBlank String password) {
    }

    record TokenResponse(String accessToken, Instant expiresAt, String userId, Role role) {

        static TokenResponse of(Actor actor, TokenService tokens) {
            IssuedToken token = tokens.issue(actor);
            return new TokenResponse(token.accessToken(), token.expiresAt(), actor.userId(), actor.role());
        }
    }
}
