package io.chatplatform.api.auth;

import io.chatplatform.api.auth.AuthController.TokenResponse;
import io.chatplatform.api.ratelimit.RateLimit;
import io.chatplatform.api.ratelimit.RateLimits;
import io.chatplatform.domain.auth.TokenService;
import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.UserService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's account: deleting it (the account, memberships, open sockets and every token issued so far), changing
 * its password, and signing out everywhere.
 */
@RestController
class AccountController {

    private final UserService users;
    private final TokenService tokens;
    private final RateLimits limits;

    AccountController(UserService users, TokenService tokens, RateLimits limits) {
        this.users = users;
        this.tokens = tokens;
        this.limits = limits;
    }

    @DeleteMapping("/api/users/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor caller, @PathVariable String userId) {
        users.delete(caller, userId);
    }

    /** Every earlier token is refused from now on; the answer carries the caller's next one. */
    @PutMapping("/api/users/me/password")
    TokenResponse changePassword(Actor caller, @Valid @RequestBody PasswordChange change) {
        // A stolen token must not become a way to guess the password faster than logging in would.
        limits.consume(RateLimit.LOGIN_PER_USERNAME, caller.userId());
        Actor account = users.changePassword(caller, change.currentPassword(), change.newPassword());
        return TokenResponse.of(account, tokens.issue(account, users.tokensValidFrom(account.userId())));
    }

    /** Signs out everywhere: every token issued to the caller so far, this one included, is refused from now on. */
    @DeleteMapping("/api/users/me/tokens")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void signOutEverywhere(Actor caller) {
        users.revokeOwnTokens(caller);
    }

    record PasswordChange(@NotNull String currentPassword, @NotNull String newPassword) {
    }
}
