package io.chatplatform.api.auth;

import io.chatplatform.domain.user.Actor;
import io.chatplatform.domain.user.UserService;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Deleting a user: their account, their memberships, their open sockets and every token issued so far. */
@RestController
class AccountController {

    private final UserService users;

    AccountController(UserService users) {
        this.users = users;
    }

    @DeleteMapping("/api/users/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor caller, @PathVariable String userId) {
        users.delete(caller, userId);
    }
}
